import { isAbsolute, join } from 'node:path';
import { defineConnectorModule, type ConnectorOptions } from '@weir/connector-sdk';
import { IsOptional, IsString, Matches } from 'class-validator';
import { createFileSink } from './file-sink';
import { createFileSource } from './file-source';

export class FilesModuleOptions {
  /** Relative `path` options of sources and sinks made through the registry resolve against it (default: the working directory). */
  @IsOptional()
  @IsString()
  @Matches(/^\//, { message: '$property must be an absolute path' })
  baseDirectory?: string;
}

/**
 * The files connector as a NestJS module (DESIGN.md §8): `FilesModule.forRoot({ baseDirectory })`
 * registers the source 'files' and the sink 'files' (options as `fileSource` and `fileSink` take
 * them, checked there) with the ConnectorRegistry. A job in TypeScript calls `fileSource` and
 * `fileSink` itself.
 */
export class FilesModule extends defineConnectorModule({
  name: 'files',
  options: FilesModuleOptions,
  register(registry, { baseDirectory }) {
    const resolved = (options: ConnectorOptions) =>
      baseDirectory !== undefined && typeof options.path === 'string' && !isAbsolute(options.path)
        ? { ...options, path: join(baseDirectory, options.path) }
        : options;
    registry.registerSource('files', (options) => createFileSource(resolved(options)));
    registry.registerSink('files', (options) => createFileSink(resolved(options)));
  },
}) {}
