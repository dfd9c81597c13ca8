// Integration tests start real processes and services: give them time, but never forever.
jest.setTimeout(120_000);
