/*
 * Nexmark query 3, local item suggestion: category-10 auctions whose seller lives in Oregon, Idaho or
 * California, with the seller's name and city. A keyed two-input join with state: auctions and people
 * meet by seller id, and whichever arrives first waits in state for the other (a seller may register
 * after the auction names them, and the two inputs interleave arbitrarily when parallel).
 */
import {
  KeyedCoProcessFunction,
  ListStateDescriptor,
  ValueStateDescriptor,
  type Collector,
  type DataStream,
  type ListState,
  type RuntimeContext,
  type ValueState,
} from '@weir/api';
import type { Auction, LocalItemSuggestion, Person } from '../model';
import { Q3_CATEGORY, Q3_STATES } from '../query-parameters';
import { auctionsOf, nexmarkStream, personsOf, type NexmarkQuery } from './nexmark-stream';

export const q3: NexmarkQuery<LocalItemSuggestion> = (env, source): DataStream<LocalItemSuggestion> => {
  const events = nexmarkStream(env, source);
  const auctions = auctionsOf(events)
    .filter((a) => a.category === Q3_CATEGORY)
    .name('q3-category');
  const sellers = personsOf(events)
    .filter((p) => Q3_STATES.includes(p.state))
    .name('q3-states');
  return auctions
    .connect(sellers)
    .keyBy(
      (a) => a.seller,
      (p) => p.id,
    )
    .process(new LocalItemSuggestionJoin())
    .name('q3-join')
    .uid('q3-join');
};

/** Person ids are unique, so an auction that met its seller needs no state afterwards. */
class LocalItemSuggestionJoin extends KeyedCoProcessFunction<number, Auction, Person, LocalItemSuggestion> {
  private seller!: ValueState<Person>;
  private waiting!: ListState<Auction>;

  override open(ctx: RuntimeContext): void {
    this.seller = ctx.getState(new ValueStateDescriptor<Person>('seller'));
    this.waiting = ctx.getListState(new ListStateDescriptor<Auction>('auctions-waiting-for-seller'));
  }

  processElement1(auction: Auction, _ctx: KeyedCoProcessFunction.Context<number>, out: Collector<LocalItemSuggestion>) {
    const seller = this.seller.value();
    if (seller === undefined) this.waiting.add(auction);
    else out.collect(suggestion(seller, auction));
  }

  processElement2(seller: Person, _ctx: KeyedCoProcessFunction.Context<number>, out: Collector<LocalItemSuggestion>) {
    this.seller.update(seller);
    for (const auction of this.waiting.get()) out.collect(suggestion(seller, auction));
    this.waiting.clear();
  }
}

function suggestion(seller: Person, auction: Auction): LocalItemSuggestion {
  return {
    name: seller.name,
    city: seller.city,
    state: seller.state,
    id: auction.id,
    ingestionTime: Math.max(seller.ingestionTime, auction.ingestionTime),
  };
}
