import type { Auction, Bid, Person } from './model';
import { referenceQ2, referenceQ3, referenceQ4, referenceQ5, referenceQ7, referenceQ8 } from './reference';

const person = (id: number, dateTime: number, state = 'OR'): Person => ({
  kind: 'person',
  id,
  name: `p${id}`,
  emailAddress: '',
  creditCard: '',
  city: 'Bend',
  state,
  dateTime,
  extra: '',
  ingestionTime: dateTime,
});
const auction = (id: number, seller: number, dateTime: number, expires: number, category = 10): Auction => ({
  kind: 'auction',
  id,
  itemName: '',
  description: '',
  initialBid: 1,
  reserve: 2,
  dateTime,
  expires,
  seller,
  category,
  extra: '',
  ingestionTime: dateTime,
});
const bid = (auctionId: number, price: number, dateTime: number): Bid => ({
  kind: 'bid',
  auction: auctionId,
  bidder: 1,
  price,
  channel: '',
  url: '',
  dateTime,
  extra: '',
  ingestionTime: dateTime,
});

describe('the reference queries', () => {
  it('q2 selects the bids on auctions whose id is a multiple of 123', () => {
    expect(referenceQ2([bid(246, 5, 1), bid(247, 6, 2)])).toEqual([{ auction: 246, price: 5, ingestionTime: 1 }]);
  });

  it('q3 joins category-10 auctions with sellers from OR, ID and CA, whichever came first', () => {
    const events = [
      auction(1, 7, 1, 100), // before its seller registers
      person(7, 2, 'CA'),
      person(8, 3, 'WA'),
      auction(2, 8, 4, 100),
      auction(3, 7, 5, 100, 11),
    ];
    expect(referenceQ3(events)).toEqual([{ name: 'p7', city: 'Bend', state: 'CA', id: 1, ingestionTime: 2 }]);
  });

  it('q4 averages per category and window the highest bid made while each auction was open', () => {
    const events = [
      auction(1, 7, 1000, 5000),
      bid(1, 900, 999), // before it opened
      bid(1, 300, 1000),
      bid(1, 500, 5000), // at the close: counts
      bid(1, 800, 5001), // after it closed
      auction(2, 7, 2000, 9000),
      bid(2, 100, 2500),
      auction(3, 7, 3000, 12_000), // closes in the next window
      bid(3, 40, 3000),
      auction(4, 7, 3000, 4000), // no bids: no winner
    ];
    expect(referenceQ4(events)).toEqual([
      { category: 10, averagePrice: 300, windowEnd: 10_000, ingestionTime: 5000 },
      { category: 10, averagePrice: 40, windowEnd: 20_000, ingestionTime: 3000 },
    ]);
  });

  it('q5 counts bids per auction in 10 s windows sliding by 2 s and keeps the most bid-on, ties included', () => {
    const events = [bid(1, 1, 9_000), bid(1, 1, 9_500), bid(2, 1, 11_000), bid(2, 1, 11_100)];
    const byWindow = referenceQ5(events).map((h) => `${h.windowEnd}:${h.auction}x${h.count}`);
    expect(byWindow.sort()).toEqual([
      '10000:1x2',
      '12000:1x2',
      '12000:2x2', // a tie: both
      '14000:1x2',
      '14000:2x2',
      '16000:1x2',
      '16000:2x2',
      '18000:1x2',
      '18000:2x2',
      '20000:2x2',
    ]);
  });

  it('q7 keeps every bid with the highest price of its 10 s window', () => {
    const events = [bid(1, 50, 1000), bid(2, 70, 2000), bid(3, 70, 9999), bid(4, 90, 10_000)];
    expect(referenceQ7(events).map((b) => [b.auction, b.windowEnd])).toEqual([
      [2, 10_000],
      [3, 10_000],
      [4, 20_000],
    ]);
  });

  it('q8 reports once a person who opened auctions in the window they registered in', () => {
    const events = [
      person(7, 1000),
      auction(1, 7, 2000, 9000),
      auction(2, 7, 3000, 9000),
      person(8, 9000),
      auction(3, 8, 10_500, 20_000), // the next window
    ];
    expect(referenceQ8(events)).toEqual([{ id: 7, name: 'p7', windowStart: 0, ingestionTime: 3000 }]);
  });
});
