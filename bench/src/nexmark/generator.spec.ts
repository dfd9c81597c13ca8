import { ConfigError } from '@weir/common';
import { nexmarkEvent } from './generator';
import { FIRST_AUCTION_ID, FIRST_PERSON_ID, generatorConfig } from './generator-config';
import type { Auction, Bid, Event, Person } from './model';

const config = generatorConfig({ seed: 7 });
const events = (n: number, cfg = config): Event[] => Array.from({ length: n }, (_, i) => nexmarkEvent(i, cfg));

describe('nexmarkEvent', () => {
  it('is a function of the seed and the index alone', () => {
    const forward = events(2000);
    const backward = Array.from({ length: 2000 }, (_, i) => nexmarkEvent(1999 - i, config)).reverse();
    expect(backward).toEqual(forward);
    expect(events(2000, generatorConfig({ seed: 8 }))).not.toEqual(forward);
  });

  it('makes persons, auctions and bids in the proportion 1 : 3 : 46 by index', () => {
    const kinds = events(100).map((e) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(['person', 'auction', 'auction', 'auction', 'bid']);
    expect(kinds.slice(50, 55)).toEqual(['person', 'auction', 'auction', 'auction', 'bid']);
    expect(kinds.filter((k) => k === 'bid')).toHaveLength(92);
  });

  it('numbers persons and auctions consecutively and advances event time at the configured rate', () => {
    const all = events(5000, generatorConfig({ seed: 1, eventsPerSecond: 1000, baseTime: 1_000_000 }));
    const persons = all.filter((e): e is Person => e.kind === 'person');
    const auctions = all.filter((e): e is Auction => e.kind === 'auction');
    expect(persons.map((p) => p.id)).toEqual(persons.map((_, i) => FIRST_PERSON_ID + i));
    expect(auctions.map((a) => a.id)).toEqual(auctions.map((_, i) => FIRST_AUCTION_ID + i));
    expect(all.map((e) => e.dateTime)).toEqual(all.map((_, i) => 1_000_000 + i));
  });

  it('refers to recent people and auctions only, a few ids ahead at most', () => {
    let people = 0;
    let auctions = 0;
    const wrong: Event[] = [];
    for (const e of events(50_000)) {
      if (e.kind === 'person') {
        people++;
      } else if (e.kind === 'auction') {
        auctions++;
        const seller = e.seller - FIRST_PERSON_ID;
        if (seller >= people + 10 || seller < people - 1001 || e.expires <= e.dateTime || e.reserve < e.initialBid) {
          wrong.push(e);
        }
      } else {
        const auction = e.auction - FIRST_AUCTION_ID;
        const bidder = e.bidder - FIRST_PERSON_ID;
        if (auction >= auctions + 10 || auction < auctions - 101 || bidder >= people + 10) wrong.push(e);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('draws prices between 1 cent and $10,000, categories 10 to 14, and the Nexmark channels', () => {
    const all = events(50_000);
    const bids = all.filter((e): e is Bid => e.kind === 'bid');
    const prices = bids.map((b) => b.price);
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...prices)).toBeLessThanOrEqual(100_000_000);
    // Log-uniform over six decades: about half the prices are below 100 * 10^3.
    const belowMid = prices.filter((p) => p < 100_000).length / prices.length;
    expect(belowMid).toBeGreaterThan(0.45);
    expect(belowMid).toBeLessThan(0.55);
    const categories = new Set(all.filter((e): e is Auction => e.kind === 'auction').map((a) => a.category));
    expect([...categories].sort()).toEqual([10, 11, 12, 13, 14]);
    const hot = bids.filter((b) => ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b.channel)).length;
    expect(hot / bids.length).toBeCloseTo(0.5, 1);
    const cold = bids.find((b) => b.channel.startsWith('channel-'))!;
    expect(cold.url).toMatch(/^https:\/\/www\.nexmark\.com\/.*&channel_id=\d+$/);
    expect(all.every((e) => e.extra.length < 16 && e.ingestionTime === 0)).toBe(true);
  });

  it('shuffles event time within out-of-order groups when asked', () => {
    const shuffled = events(100, generatorConfig({ outOfOrderGroupSize: 10, eventsPerSecond: 1000, baseTime: 0 }));
    const times = shuffled.map((e) => e.dateTime);
    expect(times).not.toEqual([...times].sort((a, b) => a - b));
    expect(times.slice(0, 10).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("splits into generators on parallel timelines, each with its own ids, as Nexmark's parallel source does", () => {
    const count = 40_000;
    const split = generatorConfig({ seed: 1, eventsPerSecond: 1000, baseTime: 0, generators: 2, maxEvents: count });
    const all = events(count, split);
    // Index i is event i / 2 of generator i % 2, which runs at half the rate: together, the configured rate.
    expect(all.map((e) => e.dateTime)).toEqual(all.map((_, i) => 2 * Math.floor(i / 2)));
    const ofGenerator = (g: number) => all.filter((_, i) => i % 2 === g);
    const auctionIds = (g: number) => ofGenerator(g).flatMap((e) => (e.kind === 'auction' ? [e.id] : []));
    const first = auctionIds(0);
    const second = auctionIds(1);
    // Generator 1's ids start where generator 0's 20,000 events end, as a split's first event id does.
    expect(first).toEqual(first.map((_, i) => FIRST_AUCTION_ID + i));
    expect(second[0]).toBe(FIRST_AUCTION_ID + (20_000 / 50) * 3);
    expect(Math.max(...first)).toBeLessThan(second[0]);
    // So the bids of each go to its own recent auctions, but for generator 1's first ones: until it has
    // opened numInFlightAuctions (100) of its own, the most recent are generator 0's last.
    const opened100 = Math.ceil((100 * 50) / 3);
    for (const g of [0, 1]) {
      const own = g === 0 ? first : second;
      const strays = ofGenerator(g).flatMap((e, n) =>
        e.kind === 'bid' && (e.auction < own[0] || e.auction > own[own.length - 1] + 10) ? [n] : [],
      );
      expect(strays.filter((n) => g === 0 || n >= opened100)).toEqual([]);
    }
  });

  it('is the same stream with one generator as without the setting', () => {
    expect(events(3000, generatorConfig({ seed: 7, generators: 1, maxEvents: 3000 }))).toEqual(events(3000));
  });

  it('rejects a bad configuration naming the field', () => {
    expect(() => generatorConfig({ eventsPerSecond: 0 })).toThrow(ConfigError);
    expect(() => generatorConfig({ numActivePeople: 1.5 })).toThrow(/'numActivePeople'/);
    expect(() => generatorConfig({ outOfOrderGroupSize: 953 })).toThrow(/'outOfOrderGroupSize'/);
    expect(() => generatorConfig({ generators: 0 })).toThrow(/'generators' must be an integer in \[1, 1024\]/);
    expect(() => generatorConfig({ generators: 2 })).toThrow(/'maxEvents' must be set with 2 generators/);
    expect(() => generatorConfig({ maxEvents: -1 })).toThrow(/'maxEvents' must be a positive integer/);
  });
});
