/*
 * The Nexmark event generator, after Apache Beam's (and Flink's copy of it): event `i` is a pure
 * function of the seed and `i`, so any subtask can generate any slice of the stream, in any order,
 * and a test can recompute what a job was fed. Persons, auctions and bids come in the 1 : 3 : 46
 * proportion by event id; sellers and bidders are recent people, bids go to recent auctions, with
 * the same hot-seller/hot-bidder/hot-auction skew and price and auction-length distributions.
 *
 * It is the benchmark's source, so it must outrun every query by far (>= 10M events/s on a core):
 * randomness is a 32-bit hash of (seed, event id) stepped per draw, kept in module state (one
 * thread, no allocation); every string is picked from pools built once, never assembled per event.
 */
import {
  AUCTION_PROPORTION,
  eventNumberOf,
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  NUM_CATEGORIES,
  PERSON_PROPORTION,
  PROPORTION_DENOMINATOR,
  timestampOf,
  type GeneratorConfig,
  type ResolvedGeneratorConfig,
} from './generator-config';
import type { Auction, Bid, Event, Person } from './model';

/** How far past the newest person or auction an id may point: events may refer to the near future. */
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
const HOT_CHANNELS_RATIO = 2;
const CHANNELS_NUMBER = 10_000;

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];

// ---- randomness: one 32-bit state, reseeded per event by a hash, stepped per draw ----

let rngState = 0;

/** Murmur3's finaliser: a bijection on 32 bits that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The hash of the seed and the high 32 bits of the event id, which change once in 2^32 events. */
let prefixSeed = 0;
let prefixHigh = 0;
let prefixHash = fmix32(fmix32(0x5bd1e995));

function seedRandom(seed: number, eventId: number): void {
  const high = (eventId / 4294967296) >>> 0;
  if (seed !== prefixSeed || high !== prefixHigh) {
    prefixSeed = seed;
    prefixHigh = high;
    prefixHash = fmix32(fmix32(seed ^ 0x5bd1e995) ^ high);
  }
  rngState = fmix32(prefixHash ^ eventId);
}

/**
 * A linear congruential step (Numerical Recipes' constants), its high half folded into the low on the
 * way out. The reseed per event does the mixing, so a draw can be this cheap, and small enough
 * (60 bytes of bytecode) that a bid's six draws all fit in TurboFan's inlining budget.
 */
function nextUint32(): number {
  const state = (rngState = (Math.imul(rngState, 1664525) + 1013904223) | 0);
  return (state ^ (state >>> 16)) >>> 0;
}

/** Uniform in [0, 1), 32 bits of precision. */
function nextDouble(): number {
  return nextUint32() / 4294967296;
}

/** Uniform in [0, n) for n < 2^21 (so the product stays exact below 2^53). */
function nextInt(n: number): number {
  return ((nextUint32() * n) / 4294967296) >>> 0;
}

// ---- string pools, built once (off the hot path) from their own fixed seeds ----

function randomString(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += nextInt(13) === 0 ? ' ' : String.fromCharCode(97 + nextInt(26));
  return s;
}

function digits(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(48 + nextInt(10));
  return s;
}

function pool(size: number, poolSeed: number, make: () => string): readonly string[] {
  const saved = rngState;
  seedRandom(poolSeed, 0);
  const strings: string[] = [];
  for (let i = 0; i < size; i++) strings.push(make());
  rngState = saved;
  return strings;
}

const baseUrl = (): string =>
  `https://www.nexmark.com/${randomString(5)}/${randomString(5)}/${randomString(5)}/item.htm?query=1`;

const POOL_SIZE = 1024;
const NAMES = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));
const EMAILS = pool(POOL_SIZE, 1, () => `${randomString(7)}@${randomString(5)}.com`);
const CREDIT_CARDS = pool(POOL_SIZE, 2, () => `${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)}`);
const ITEM_NAMES = pool(POOL_SIZE, 3, () => randomString(20));
const DESCRIPTIONS = pool(256, 4, () => randomString(100));
/** Nexmark pads events to an average size; here padding stays short (0–15 chars) to keep events lean. */
const EXTRAS = pool(64, 5, () => randomString(nextInt(16)));
const HOT_URLS = pool(HOT_CHANNELS.length, 6, baseUrl);

/** Channel names and URLs of the 10,000 cold channels, made the first time each is drawn. */
const channelNames: string[] = new Array<string>(CHANNELS_NUMBER).fill('');
const channelUrls: string[] = new Array<string>(CHANNELS_NUMBER).fill('');

function makeChannel(n: number): void {
  channelNames[n] = `channel-${n}`;
  // Java's Math.abs(Integer.reverse(n)), as Nexmark numbers the channel in its URL.
  let reversed = 0;
  for (let bit = 0; bit < 32; bit++) reversed |= ((n >>> bit) & 1) << (31 - bit);
  channelUrls[n] = `${pool(1, 7 + n, baseUrl)[0]}&channel_id=${Math.abs(reversed)}`;
}

// ---- ids: which person or auction is the newest as of an event id ----

/*
 * An event id is `epoch * 50 + offset`. Every event needs the newest person and auction ids as of
 * itself, so nexmarkEvent works them out once (a division is the dearest thing a bid costs).
 */
let lastBase0PersonId = 0;
/** -1 before the first auction. */
let lastBase0AuctionId = 0;

function locate(eventId: number): number {
  const epoch = Math.floor(eventId / PROPORTION_DENOMINATOR);
  const offset = eventId - epoch * PROPORTION_DENOMINATOR;
  lastBase0PersonId = epoch * PERSON_PROPORTION + Math.min(offset, PERSON_PROPORTION - 1);
  if (offset < PERSON_PROPORTION) {
    // Before this epoch's auctions: the newest is the previous epoch's last.
    lastBase0AuctionId = epoch * AUCTION_PROPORTION - 1;
  } else {
    lastBase0AuctionId = epoch * AUCTION_PROPORTION + Math.min(offset - PERSON_PROPORTION, AUCTION_PROPORTION - 1);
  }
  return offset;
}

/** One of the active people, or one of the next few to register. */
function nextBase0PersonId(config: GeneratorConfig): number {
  const numPeople = lastBase0PersonId + 1;
  const activePeople = Math.min(numPeople, config.numActivePeople);
  return numPeople - activePeople + nextInt(activePeople + PERSON_ID_LEAD);
}

/** One of the auctions likely still open, or one of the next few to open. */
function nextBase0AuctionId(config: GeneratorConfig): number {
  const minAuction = Math.max(lastBase0AuctionId - config.numInFlightAuctions, 0);
  return minAuction + nextInt(lastBase0AuctionId - minAuction + 1 + AUCTION_ID_LEAD);
}

/*
 * Prices are log-uniform between $0.01 and $10,000 (in cents): 100 * 10^(6u) for a uniform u. Math.pow
 * costs ~50 ns, more than the rest of a bid, so 10^(6u) is the product of three table entries, one
 * per 11, 11 and 10 bits of u (u = a/2^11 + b/2^22 + c/2^32).
 */
function powersOfTen(size: number, scale: number): Float64Array {
  const table = new Float64Array(size);
  for (let i = 0; i < size; i++) table[i] = Math.pow(10, (6 * i) / scale);
  return table;
}
const PRICE_HIGH = powersOfTen(2048, 2048);
const PRICE_MID = powersOfTen(2048, 2048 * 2048);
const PRICE_LOW = powersOfTen(1024, 4294967296);

function nextPrice(): number {
  const u = nextUint32();
  return Math.round(PRICE_HIGH[u >>> 21] * PRICE_MID[(u >>> 10) & 2047] * PRICE_LOW[u & 1023] * 100);
}

/** Auctions last on average as long as it takes their generator to open `numInFlightAuctions` more. */
function nextAuctionLengthMs(eventNumber: number, timestamp: number, config: GeneratorConfig): number {
  const eventsForAuctions = Math.floor((config.numInFlightAuctions * PROPORTION_DENOMINATOR) / AUCTION_PROPORTION);
  const horizonMs = timestampOf(config, eventNumber + eventsForAuctions) - timestamp;
  return 1 + Math.floor(nextDouble() * Math.max(horizonMs * 2, 1));
}

// ---- the three kinds of event ----

function nextPerson(_eventNumber: number, dateTime: number): Person {
  return {
    kind: 'person',
    id: lastBase0PersonId + FIRST_PERSON_ID,
    name: NAMES[nextInt(NAMES.length)],
    emailAddress: EMAILS[nextInt(POOL_SIZE)],
    creditCard: CREDIT_CARDS[nextInt(POOL_SIZE)],
    city: US_CITIES[nextInt(US_CITIES.length)],
    state: US_STATES[nextInt(US_STATES.length)],
    dateTime,
    extra: EXTRAS[nextInt(EXTRAS.length)],
    ingestionTime: 0,
  };
}

function nextAuction(eventNumber: number, dateTime: number, config: GeneratorConfig): Auction {
  const id = lastBase0AuctionId + FIRST_AUCTION_ID;
  let seller: number;
  if (nextInt(config.hotSellersRatio) > 0) {
    // The first person of the latest batch of hotSellersRatio people.
    seller = lastBase0PersonId - (lastBase0PersonId % config.hotSellersRatio);
  } else {
    seller = nextBase0PersonId(config);
  }
  const category = FIRST_CATEGORY_ID + nextInt(NUM_CATEGORIES);
  const initialBid = nextPrice();
  const expires = dateTime + nextAuctionLengthMs(eventNumber, dateTime, config);
  return {
    kind: 'auction',
    id,
    itemName: ITEM_NAMES[nextInt(POOL_SIZE)],
    description: DESCRIPTIONS[nextInt(DESCRIPTIONS.length)],
    initialBid,
    reserve: initialBid + nextPrice(),
    dateTime,
    expires,
    seller: seller + FIRST_PERSON_ID,
    category,
    extra: EXTRAS[nextInt(EXTRAS.length)],
    ingestionTime: 0,
  };
}

function nextBid(_eventNumber: number, dateTime: number, config: GeneratorConfig): Bid {
  let auction: number;
  if (nextInt(config.hotAuctionRatio) > 0) {
    // The first auction of the latest batch of hotAuctionRatio auctions.
    auction = lastBase0AuctionId - (lastBase0AuctionId % config.hotAuctionRatio);
  } else {
    auction = nextBase0AuctionId(config);
  }
  let bidder: number;
  if (nextInt(config.hotBiddersRatio) > 0) {
    // The second person of the latest batch, so hot bidders are not also the hot sellers.
    bidder = lastBase0PersonId - (lastBase0PersonId % config.hotBiddersRatio) + 1;
  } else {
    bidder = nextBase0PersonId(config);
  }
  const price = nextPrice();
  let channel: string;
  let url: string;
  // One draw decides both whether the channel is hot (1 - 1/HOT_CHANNELS_RATIO) and which.
  const draw = nextInt(HOT_CHANNELS_RATIO * HOT_CHANNELS.length);
  if (draw >= HOT_CHANNELS.length) {
    channel = HOT_CHANNELS[draw % HOT_CHANNELS.length];
    url = HOT_URLS[draw % HOT_CHANNELS.length];
  } else {
    const n = nextInt(CHANNELS_NUMBER);
    if (channelNames[n] === '') makeChannel(n);
    channel = channelNames[n];
    url = channelUrls[n];
  }
  return {
    kind: 'bid',
    auction: auction + FIRST_AUCTION_ID,
    bidder: bidder + FIRST_PERSON_ID,
    price,
    channel,
    url,
    dateTime,
    extra: EXTRAS[nextInt(EXTRAS.length)],
    ingestionTime: 0,
  };
}

/**
 * The makers of the three kinds, called from one site. TurboFan never inlines a call with several
 * large targets, so each is optimized on its own, with its draws inlined into it. Called directly,
 * a bid was inlined into whichever caller V8 happened to optimize first, and then its own draws no
 * longer fitted the inlining budget: a bid cost about half as much again, in one thread of a job and
 * not in another.
 */
const EVENT_MAKERS: readonly ((eventNumber: number, dateTime: number, config: GeneratorConfig) => Event)[] = [
  nextPerson,
  nextAuction,
  nextBid,
];

/** The `index`-th event (index 0, 1, 2, …) of the stream `config` describes. */
export function nexmarkEvent(index: number, config: ResolvedGeneratorConfig): Event {
  const generators = config.generators;
  let generator = 0;
  let count = index;
  if (generators > 1) {
    generator = index % generators;
    count = (index - generator) / generators;
  }
  const eventNumber = eventNumberOf(config, count);
  const eventId = generator * config.eventsPerGenerator + eventNumber;
  seedRandom(config.seed, eventId);
  const dateTime = timestampOf(config, eventNumber);
  const offset = locate(eventId);
  const kind = offset < PERSON_PROPORTION ? 0 : offset < PERSON_PROPORTION + AUCTION_PROPORTION ? 1 : 2;
  return EVENT_MAKERS[kind](eventNumber, dateTime, config);
}
