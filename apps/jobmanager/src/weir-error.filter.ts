import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ConfigError, JobDefinitionError } from '@weir/common';
import type { FastifyReply } from 'fastify';

/** A job that cannot be defined or configured is the client's mistake (400), with Weir's own message. */
@Catch(JobDefinitionError, ConfigError)
export class WeirErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(400).send({ statusCode: 400, error: error.name, message: error.message });
  }
}
