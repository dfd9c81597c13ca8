export * from './data-envelope';
export * from './data-plane-subjects';
export * from './nats-remote-peers';
export * from './nats-data-receiver';
export * from './envelope-fragments';
export * from './nats-task-host';
