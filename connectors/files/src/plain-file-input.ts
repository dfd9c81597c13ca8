import { closeSync, openSync, readSync } from 'node:fs';
import { WeirError } from '@weir/connector-sdk';
import type { FileInput } from './file-input';

/** A local file read with `readSync` at any offset: never waits. */
export class PlainFileInput implements FileInput {
  private readonly fd: number;

  constructor(private readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw new WeirError(`fileSource: cannot open '${path}': ${(error as Error).message}`, { cause: error });
    }
  }

  read(buffer: Buffer, at: number, length: number, position: number): number {
    try {
      return readSync(this.fd, buffer, at, length, position);
    } catch (error) {
      throw new WeirError(`fileSource: cannot read '${this.path}': ${(error as Error).message}`, { cause: error });
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
