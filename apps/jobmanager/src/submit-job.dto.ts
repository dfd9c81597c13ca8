/** The body of `POST /jobs`, checked by Nest's ValidationPipe before the JobManager sees it. */
import type { SubmitJobRequest } from '@weir/cluster';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** Job arguments are `--name value` pairs: every value a string. */
@ValidatorConstraint({ name: 'stringValues' })
class StringValues implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
  }

  defaultMessage(args: ValidationArguments): string {
    const bad = Object.entries(args.value as Record<string, unknown>).find(([, v]) => typeof v !== 'string');
    return `${args.property}.${bad?.[0]} must be a string (job arguments are --name value pairs), not ${JSON.stringify(bad?.[1])}`;
  }
}

export class JobBundleDto {
  @IsString()
  @MinLength(1)
  code!: string;

  @IsString()
  @MinLength(1)
  sourceFile!: string;
}

export class SubmitJobDto implements SubmitJobRequest {
  @IsObject({ message: 'bundle must be the job bundle, { code, sourceFile }' })
  @ValidateNested()
  @Type(() => JobBundleDto)
  bundle!: JobBundleDto;

  @IsObject()
  @Validate(StringValues)
  args: Record<string, string> = {};

  @IsOptional()
  @IsInt()
  @Min(1)
  parallelism?: number;

  @IsOptional()
  @IsBoolean()
  collectOutput?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(1)
  fromSavepoint?: string;

  @IsOptional()
  @IsBoolean()
  allowNonRestoredState?: boolean;
}
