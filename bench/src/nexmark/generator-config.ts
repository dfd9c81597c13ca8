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
  /**
   * Generators on parallel timelines, as Nexmark splits its generator for a parallel source (Beam's
   * and Flink's `numEventGenerators`, which Flink's Nexmark sets to the job's parallelism): each has
   * its own range of ids, so its bids go to its own auctions, by its own people, and covers the whole
   * span of event time at 1/generators of the rate. Event `index` comes from generator
   * `index % generators`, so the generators' events make one stream in event-time order, which the
   * source's subtasks read in chunks (DataGeneratorSource).
   */
  readonly generators: number;
  /** Events in the whole stream; it sizes each generator's range of ids when there are several. */
  readonly maxEvents: number;
}

/** A GeneratorConfig with what every event needs worked out once. */
export interface ResolvedGeneratorConfig extends GeneratorConfig {
  /** The ids of generator g start at g times this (Flink's `firstEventId` of a split). */
  readonly eventsPerGenerator: number;
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
  generators: 1,
  maxEvents: Number.POSITIVE_INFINITY,
};

/** The defaults with `options` applied, each checked, so a bad value fails here and not per event. */
export function generatorConfig(options: Partial<GeneratorConfig> = {}): ResolvedGeneratorConfig {
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
  check(
    'generators',
    Number.isInteger(config.generators) && config.generators >= 1 && config.generators <= 1024,
    'an integer in [1, 1024]',
  );
  const { maxEvents, generators } = config;
  check(
    'maxEvents',
    maxEvents === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxEvents) && maxEvents >= 1),
    'a positive integer',
  );
  check(
    'maxEvents',
    generators === 1 || maxEvents !== Number.POSITIVE_INFINITY,
    `set with ${generators} generators (their ranges of ids are sized from it)`,
  );
  // One generator's ids start at 0, however many events there are.
  const eventsPerGenerator = generators === 1 ? 0 : Math.ceil(maxEvents / generators);
  return Object.freeze({ ...config, eventsPerGenerator });
}

/**
 * The number in its generator's timeline of the `count`-th event that generator makes: the count
 * itself, shuffled within out-of-order groups. It gives the event's time, and with the generator's
 * first id, its id.
 */
export function eventNumberOf(config: GeneratorConfig, count: number): number {
  const n = config.outOfOrderGroupSize;
  if (n === 1) return count;
  const base = Math.floor(count / n) * n;
  return base + ((count * 953) % n);
}

/** Event time of an event number: each generator's steady share of the rate, from the base time. */
export function timestampOf(config: GeneratorConfig, eventNumber: number): number {
  return config.baseTime + Math.floor((eventNumber * config.generators * 1000) / config.eventsPerSecond);
}
