import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { CheckpointError, ConfigError, JobDefinitionError } from '@weir/common';
import type { FastifyReply } from 'fastify';

/**
 * A job that cannot be defined or configured is the client's mistake (400), a savepoint the job
 * cannot take now (it is not running, or the savepoint failed) a conflict (409), with Weir's own message.
 */
@Catch(JobDefinitionError, ConfigError, CheckpointError)
export class WeirErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = error instanceof CheckpointError ? 409 : 400;
    void reply.status(status).send({ statusCode: status, error: error.name, message: error.message });
  }
}
