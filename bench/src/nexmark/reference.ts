/*
 * The Nexmark queries as plain loops over an array of events, with no Weir in them: what each query
 * means, written so that it is obviously right. The specs check every Weir query against these (as
 * multisets: the order of a parallel query's output is not part of its answer).
 */
import type {
  AuctionPrice,
  Auction,
  Bid,
  CategoryAverage,
  Event,
  HighestBid,
  HotItem,
  LocalItemSuggestion,
  NewUser,
  Person,
  WinningBid,
} from './model';
import {
  DOLLAR_TO_EURO,
  Q2_AUCTION_MODULUS,
  Q3_CATEGORY,
  Q3_STATES,
  Q4_WINDOW_MS,
  Q5_SLIDE_MS,
  Q5_WINDOW_MS,
  Q7_WINDOW_MS,
  Q8_WINDOW_MS,
} from './query-parameters';

const bidsOf = (events: readonly Event[]): Bid[] => events.filter((e): e is Bid => e.kind === 'bid');
const auctionsOf = (events: readonly Event[]): Auction[] => events.filter((e): e is Auction => e.kind === 'auction');
const personsOf = (events: readonly Event[]): Person[] => events.filter((e): e is Person => e.kind === 'person');
const windowStart = (timestamp: number, size: number): number => timestamp - (timestamp % size);

/** Groups values by a string key, keeping first-seen order. */
function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return groups;
}

const maxOf = (values: readonly number[]): number => values.reduce((a, b) => Math.max(a, b), -Infinity);

/** Pass-through: every event. */
export function referenceQ0(events: readonly Event[]): Event[] {
  return events.slice();
}

/** Every bid, its price converted to euros. */
export function referenceQ1(events: readonly Event[]): Bid[] {
  return bidsOf(events).map((b) => ({ ...b, price: b.price * DOLLAR_TO_EURO }));
}

/** The bids on auctions whose id is a multiple of 123. */
export function referenceQ2(events: readonly Event[]): AuctionPrice[] {
  return bidsOf(events)
    .filter((b) => b.auction % Q2_AUCTION_MODULUS === 0)
    .map((b) => ({ auction: b.auction, price: b.price, ingestionTime: b.ingestionTime }));
}

/** Category-10 auctions joined with their sellers, when the seller lives in OR, ID or CA. */
export function referenceQ3(events: readonly Event[]): LocalItemSuggestion[] {
  const sellers = new Map<number, Person>();
  for (const p of personsOf(events)) if (Q3_STATES.includes(p.state)) sellers.set(p.id, p);
  const results: LocalItemSuggestion[] = [];
  for (const a of auctionsOf(events)) {
    const p = sellers.get(a.seller);
    if (a.category !== Q3_CATEGORY || !p) continue;
    results.push({
      name: p.name,
      city: p.city,
      state: p.state,
      id: a.id,
      ingestionTime: Math.max(p.ingestionTime, a.ingestionTime),
    });
  }
  return results;
}

/** Per auction that got a bid while open (between its dateTime and expires, inclusive): the highest. */
export function referenceWinningBids(events: readonly Event[]): WinningBid[] {
  const auctions = new Map(auctionsOf(events).map((a) => [a.id, a]));
  const qualifying = bidsOf(events).filter((b) => {
    const a = auctions.get(b.auction);
    return a !== undefined && a.dateTime <= b.dateTime && b.dateTime <= a.expires;
  });
  return [...groupBy(qualifying, (b) => String(b.auction)).values()].map((bids) => {
    const a = auctions.get(bids[0].auction)!;
    return {
      auction: a.id,
      category: a.category,
      price: maxOf(bids.map((b) => b.price)),
      expires: a.expires,
      ingestionTime: Math.max(a.ingestionTime, maxOf(bids.map((b) => b.ingestionTime))),
    };
  });
}

/** The average winning price per category, over the auctions that closed in each tumbling window. */
export function referenceQ4(events: readonly Event[]): CategoryAverage[] {
  const groups = groupBy(referenceWinningBids(events), (w) => `${w.category}/${windowStart(w.expires, Q4_WINDOW_MS)}`);
  return [...groups.values()].map((winners) => ({
    category: winners[0].category,
    averagePrice: winners.reduce((sum, w) => sum + w.price, 0) / winners.length,
    windowEnd: windowStart(winners[0].expires, Q4_WINDOW_MS) + Q4_WINDOW_MS,
    ingestionTime: maxOf(winners.map((w) => w.ingestionTime)),
  }));
}

/** Per sliding window: the auction(s) with the most bids. */
export function referenceQ5(events: readonly Event[]): HotItem[] {
  // Every (window, auction) a bid counts for: the windows [start, start + size) that contain it.
  const memberships: { windowEnd: number; bid: Bid }[] = [];
  for (const bid of bidsOf(events)) {
    const lastStart = windowStart(bid.dateTime, Q5_SLIDE_MS);
    for (let start = lastStart; start > bid.dateTime - Q5_WINDOW_MS; start -= Q5_SLIDE_MS) {
      memberships.push({ windowEnd: start + Q5_WINDOW_MS, bid });
    }
  }
  const counts = [...groupBy(memberships, (m) => `${m.windowEnd}/${m.bid.auction}`).values()].map((group) => ({
    auction: group[0].bid.auction,
    count: group.length,
    windowEnd: group[0].windowEnd,
    ingestionTime: maxOf(group.map((m) => m.bid.ingestionTime)),
  }));
  const results: HotItem[] = [];
  for (const window of groupBy(counts, (c) => String(c.windowEnd)).values()) {
    const top = maxOf(window.map((c) => c.count));
    results.push(...window.filter((c) => c.count === top));
  }
  return results;
}

/** Per tumbling window: the bid(s) with the highest price. */
export function referenceQ7(events: readonly Event[]): HighestBid[] {
  const results: HighestBid[] = [];
  for (const bids of groupBy(bidsOf(events), (b) => String(windowStart(b.dateTime, Q7_WINDOW_MS))).values()) {
    const top = maxOf(bids.map((b) => b.price));
    const windowEnd = windowStart(bids[0].dateTime, Q7_WINDOW_MS) + Q7_WINDOW_MS;
    // The maximum depends on every bid of the window: the newest stamp among them all.
    const ingestionTime = maxOf(bids.map((b) => b.ingestionTime));
    for (const b of bids) {
      if (b.price !== top) continue;
      const { auction, price, bidder, dateTime, extra } = b;
      results.push({ auction, price, bidder, dateTime, extra, windowEnd, ingestionTime });
    }
  }
  return results;
}

/** The people who opened an auction in the same tumbling window in which they registered. */
export function referenceQ8(events: readonly Event[]): NewUser[] {
  const sellerWindows = groupBy(auctionsOf(events), (a) => `${a.seller}/${windowStart(a.dateTime, Q8_WINDOW_MS)}`);
  const results: NewUser[] = [];
  for (const p of personsOf(events)) {
    const start = windowStart(p.dateTime, Q8_WINDOW_MS);
    const auctions = sellerWindows.get(`${p.id}/${start}`);
    if (!auctions) continue;
    results.push({
      id: p.id,
      name: p.name,
      windowStart: start,
      ingestionTime: Math.max(p.ingestionTime, maxOf(auctions.map((a) => a.ingestionTime))),
    });
  }
  return results;
}
