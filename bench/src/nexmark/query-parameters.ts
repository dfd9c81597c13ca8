/*
 * The constants of the Nexmark queries, as Flink's Nexmark SQL and Beam's Nexmark set them, shared by
 * the Weir queries and the reference implementations so the two answer the same question.
 */

/** Query 1: dollars to euros. */
export const DOLLAR_TO_EURO = 0.908;

/** Query 2: the auctions selected. */
export const Q2_AUCTION_MODULUS = 123;

/** Query 3: the category and the sellers' states. */
export const Q3_CATEGORY = 10;
export const Q3_STATES: readonly string[] = ['OR', 'ID', 'CA'];

/** Query 4: the tumbling window, over closing time, in which closing prices are averaged. */
export const Q4_WINDOW_MS = 10_000;

/** Query 5: the sliding window in which bids per auction are counted. */
export const Q5_WINDOW_MS = 10_000;
export const Q5_SLIDE_MS = 2_000;

/** Query 7: the tumbling window of the highest bid. */
export const Q7_WINDOW_MS = 10_000;

/** Query 8: the tumbling window in which a new person must also open an auction. */
export const Q8_WINDOW_MS = 10_000;

/** How far event time may go back in the generated stream (it does not, unless shuffled). */
export const MAX_OUT_OF_ORDERNESS_MS = 1_000;
