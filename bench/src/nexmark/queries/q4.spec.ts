import type { KeyedCoProcessFunction } from '@weir/api';
import { KeyedCoProcessOperator, OperatorTestHarness } from '@weir/runtime';
import type { WinningBid } from '../model';
import { WinningBids } from './q4';

const auction = (id: number, dateTime: number, expires: number) => ({
  id,
  category: 10,
  dateTime,
  expires,
  ingestionTime: dateTime,
});
const bid = (auctionId: number, price: number, dateTime: number) => ({
  auction: auctionId,
  price,
  dateTime,
  ingestionTime: dateTime,
});

/** q4's join, fed by hand: input 0 auctions, input 1 bids, keyed by auction id. */
async function join(): Promise<OperatorTestHarness<WinningBid>> {
  const operator = new KeyedCoProcessOperator({
    kind: 'keyedCoProcess',
    fn: new WinningBids() as unknown as KeyedCoProcessFunction<number, unknown, unknown, unknown>,
    keySelector1: (a: { id: number }) => a.id,
    keySelector2: (b: { auction: number }) => b.auction,
  });
  const harness = new OperatorTestHarness<WinningBid>(operator, { keyed: true, numberOfInputs: 2 });
  await harness.open();
  return harness;
}

/** Event time reaches `time` on both inputs. */
function advance(harness: OperatorTestHarness<WinningBid>, time: number): void {
  harness.processWatermark(time, 0);
  harness.processWatermark(time, 1);
}

const winners = (harness: OperatorTestHarness<WinningBid>) =>
  harness.output.flatMap((e) => (e.kind === 'record' ? [`${e.value.auction}:${e.value.price}`] : []));

describe("q4's WinningBids", () => {
  it('counts bids that came before their auction once it comes, except those made before it opened', async () => {
    const harness = await join();
    harness.processElement(bid(1, 900, 3000), 3000, 1);
    harness.processElement(bid(1, 400, 4600), 4600, 1);
    harness.processElement(auction(1, 4500, 7000), 4500, 0);
    harness.processElement(bid(1, 500, 6000), 6000, 1);
    advance(harness, 7000);
    expect(winners(harness)).toEqual(['1:500']);
  });

  it('keeps the close of an auction whose early bid was made at its very close', async () => {
    const harness = await join();
    // The bid's wait and the auction's close are the same timer: taking the first must not take both.
    harness.processElement(bid(2, 700, 5000), 5000, 1);
    harness.processElement(auction(2, 4500, 5000), 4500, 0);
    advance(harness, 5000);
    expect(winners(harness)).toEqual(['2:700']);
  });

  it('drops bids whose auction has not come by their own time, and lets the later ones wait on', async () => {
    const harness = await join();
    harness.processElement(bid(3, 100, 1000), 1000, 1);
    harness.processElement(bid(3, 200, 3000), 3000, 1);
    advance(harness, 2000);
    // The auction opened after the first bid: only the second can count.
    harness.processElement(auction(3, 2500, 4000), 2500, 0);
    advance(harness, 4000);
    expect(winners(harness)).toEqual(['3:200']);
  });
});
