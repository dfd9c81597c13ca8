/*
 * The Nexmark data model (Tucker et al., "NEXMark – A Benchmark for Queries over Data Streams"), with
 * the fields Apache Beam's and Flink's Nexmark give it: people register, open auctions and bid on
 * them. One event is one of the three, told apart by `kind`.
 *
 * `ingestionTime` is not Nexmark's: it is the wall-clock time (ms, sub-ms precision) at which a
 * benchmark's source emitted the event, so that a sink can measure end-to-end latency. The generator
 * leaves it 0 (so events stay a pure function of seed and index); the benchmark's source stamps it.
 */

export interface Person {
  readonly kind: 'person';
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  /** Event time, ms since the epoch. */
  readonly dateTime: number;
  readonly extra: string;
  ingestionTime: number;
}

export interface Auction {
  readonly kind: 'auction';
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  /** When the auction closes (event time, ms). */
  readonly expires: number;
  /** The id of the person selling. */
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
  ingestionTime: number;
}

export interface Bid {
  readonly kind: 'bid';
  /** The id of the auction bid on. */
  readonly auction: number;
  /** The id of the person bidding. */
  readonly bidder: number;
  /** In cents. */
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
  ingestionTime: number;
}

export type Event = Person | Auction | Bid;
export type EventKind = Event['kind'];

/*
 * What the queries emit. A result's `ingestionTime` is the latest ingestion time among the events it
 * was computed from (its own group's, for a grouped result), so that latency at the sink is measured
 * from the last input that could have produced it.
 */

/** Query 2: the bids on some auctions (`auction % 123 == 0`). */
export interface AuctionPrice {
  readonly auction: number;
  readonly price: number;
  readonly ingestionTime: number;
}

/** Query 3: who sells in category 10 from Oregon, Idaho or California, and which auction. */
export interface LocalItemSuggestion {
  readonly name: string;
  readonly city: string;
  readonly state: string;
  /** The auction's id. */
  readonly id: number;
  readonly ingestionTime: number;
}

/** Query 4, first stage: the highest bid an auction got while it was open. */
export interface WinningBid {
  readonly auction: number;
  readonly category: number;
  readonly price: number;
  /** When the auction closed: the result's event time. */
  readonly expires: number;
  readonly ingestionTime: number;
}

/** Query 4: the average closing price of a category's auctions that closed in a window. */
export interface CategoryAverage {
  readonly category: number;
  readonly averagePrice: number;
  readonly windowEnd: number;
  readonly ingestionTime: number;
}

/** Query 5: an auction with the most bids in a sliding window (several when tied). */
export interface HotItem {
  readonly auction: number;
  readonly count: number;
  readonly windowEnd: number;
  readonly ingestionTime: number;
}

/** Query 7: a bid with the highest price of its tumbling window (several when tied). */
export interface HighestBid {
  readonly auction: number;
  readonly price: number;
  readonly bidder: number;
  readonly dateTime: number;
  readonly extra: string;
  readonly windowEnd: number;
  readonly ingestionTime: number;
}

/** Query 8: a person who registered and opened an auction in the same tumbling window. */
export interface NewUser {
  readonly id: number;
  readonly name: string;
  readonly windowStart: number;
  readonly ingestionTime: number;
}
