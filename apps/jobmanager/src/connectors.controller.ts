import { Controller, Get } from '@nestjs/common';
import { ConnectorRegistry } from '@weir/connector-sdk';

/** The REST API's connectors: the sources and sinks a job on this cluster may name. */
@Controller('connectors')
export class ConnectorsController {
  constructor(private readonly registry: ConnectorRegistry) {}

  @Get()
  list(): { sources: string[]; sinks: string[] } {
    return { sources: this.registry.sourceNames(), sinks: this.registry.sinkNames() };
  }
}
