import { ManualProcessingTimeService } from './manual-processing-time-service';

describe('ManualProcessingTimeService', () => {
  it('runs due callbacks in time order, including ones registered while running, and not cancelled ones', () => {
    const service = new ManualProcessingTimeService(10);
    const ran: string[] = [];
    service.registerTimer(30, (t) => ran.push(`a@${t}`));
    const cancel = service.registerTimer(15, (t) => ran.push(`cancelled@${t}`));
    service.registerTimer(20, (t) => {
      ran.push(`b@${t}:${service.getCurrentProcessingTime()}`);
      service.registerTimer(25, (t2) => ran.push(`c@${t2}`));
      service.registerTimer(45, (t2) => ran.push(`d@${t2}`));
    });
    service.registerTimer(20, (t) => ran.push(`e@${t}`));
    cancel();
    expect(service.getCurrentProcessingTime()).toBe(10);
    service.setCurrentTime(40);
    expect(ran).toEqual(['b@20:40', 'e@20', 'c@25', 'a@30']);
    expect(service.numPendingCallbacks()).toBe(1);
    expect(() => service.setCurrentTime(39)).toThrow('Processing time only moves forward');
    service.setCurrentTime(45);
    expect(ran.at(-1)).toBe('d@45');
  });
});
