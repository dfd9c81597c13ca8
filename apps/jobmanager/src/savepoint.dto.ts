/** The body of `POST /jobs/:id/savepoints` and `POST /jobs/:id/stop`. */
import { IsOptional, Matches } from 'class-validator';

export class SavepointDto {
  /** The savepoint's name in the job's checkpoint storage; generated when absent. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, {
    message: 'name must be 1 to 200 letters, digits, dots, dashes or underscores (it becomes a storage key)',
  })
  name?: string;
}
