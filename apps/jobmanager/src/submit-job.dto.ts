/** The body of `POST /jobs`, checked by Nest's ValidationPipe before the JobManager sees it. */
import type { SubmitJobRequest } from '@weir/cluster';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';

export class JobBundleDto {
  @IsString()
  @MinLength(1)
  code!: string;

  @IsString()
  @MinLength(1)
  sourceFile!: string;
}

export class SubmitJobDto implements SubmitJobRequest {
  @ValidateNested()
  @Type(() => JobBundleDto)
  bundle!: JobBundleDto;

  @IsObject()
  args: Record<string, string> = {};

  @IsOptional()
  @IsInt()
  @Min(1)
  parallelism?: number;

  @IsOptional()
  @IsBoolean()
  collectOutput?: boolean;
}
