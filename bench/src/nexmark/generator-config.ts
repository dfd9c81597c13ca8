/*
 * The settings of the Nexmark generator, as Beam's and Flink's GeneratorConfig has them, resolved once
 * into plain data (it travels with a job's arguments and is read on every event, so nothing is
 * derived per call). Defaults are Nexmark's defaults, except the base time, which is fixed so a run
 * is reproducible.
 */
import { ConfigError } from '@weir/common';

/** Persons, auctions and bids come in this proportion by event id: 1 : 3 : 46 out of every 50. */
export const PERSON_PROPORTION = 1;
export const AUCTION_PROPORTION = 3;
export const BID_PROPORTION = 46;
export const PROPORTION_DENOMINATOR = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

/** The first ids, as in Nexmark, so that ids never look like event indexes. */
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
export const NUM_CATEGORIES = 5;

export interface GeneratorConfig {
  readonly seed: number;
  /** Event time of the first event, ms since the epoch. */
  readonly baseTime: number;
  /** Events per second of event time: event `n` happens at `baseTime + n * 1e6 / rate µs`. */
  readonly eventsPerSecond: number;
  /** Only the most recent this many people are picked as sellers and bidders. */
  readonly numActivePeople: number;
  /** Only the most recent this many auctions are picked for bids. */
  readonly numInFlightAuctions: number;
  /** 1 − 1/ratio of bids go to the current hot auction. */
  readonly hotAuctionRatio: number;
  /** 1 − 1/ratio of auctions are opened by the current hot seller. */
  readonly hotSellersRatio: number;
  /** 1 − 1/ratio of bids are made by the current hot bidder. */
  readonly hotBiddersRatio: number;
  /** Events are shuffled within groups of this many consecutive ids (1: in event-time order). */
  readonly outOfOrderGroupSize: number;
}

export const DEFAULT_GENERATOR_CONFIG: GeneratorConfig = {
  seed: 0,
  baseTime: Date.UTC(2024, 0, 1),
  eventsPerSecond: 10_000,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  outOfOrderGroupSize: 1,
};

/** The defaults with `options` applied, each checked, so a bad value fails here and not per event. */
export function generatorConfig(options: Partial<GeneratorConfig> = {}): GeneratorConfig {
  const config = { ...DEFAULT_GENERATOR_CONFIG, ...options };
  const check = (field: keyof GeneratorConfig, ok: boolean, what: string): void => {
    if (!ok) {
      throw new ConfigError(`Nexmark generator: '${field}' must be ${what}, not ${String(config[field])}.`);
    }
  };
  check('seed', Number.isInteger(config.seed), 'an integer');
  check('baseTime', Number.isSafeInteger(config.baseTime), 'an integer number of ms since the epoch');
  check('eventsPerSecond', config.eventsPerSecond > 0 && config.eventsPerSecond <= 1e9, 'in (0, 1e9]');
  // The generator draws ids among this many recent ones with 21-bit-exact arithmetic.
  const counts = ['numActivePeople', 'numInFlightAuctions', 'hotAuctionRatio', 'hotSellersRatio', 'hotBiddersRatio'];
  for (const field of counts as (keyof GeneratorConfig)[]) {
    const value = config[field];
    check(field, Number.isInteger(value) && value >= 1 && value <= 1_000_000, 'an integer in [1, 1e6]');
  }
  // The shuffle within a group is `index * 953 mod size`, a permutation only when 953 does not divide the size.
  const groupSize = config.outOfOrderGroupSize;
  check(
    'outOfOrderGroupSize',
    Number.isInteger(groupSize) && groupSize >= 1 && groupSize % 953 !== 0,
    'a positive integer, not a multiple of 953',
  );
  return Object.freeze(config);
}

/** The event id of the `index`-th event: the index itself, shuffled within out-of-order groups. */
export function eventIdOf(config: GeneratorConfig, index: number): number {
  const n = config.outOfOrderGroupSize;
  if (n === 1) return index;
  const base = Math.floor(index / n) * n;
  return base + ((index * 953) % n);
}

/** Event time of an event id: a steady rate from the base time. */
export function timestampOf(config: GeneratorConfig, eventId: number): number {
  return config.baseTime + Math.floor((eventId * 1000) / config.eventsPerSecond);
}
