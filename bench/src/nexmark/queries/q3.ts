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
import { nexmarkStream, type NexmarkQuery } from './nexmark-stream';

/**
 * What the join needs of an auction and of a seller. Each is selected, filtered and cut down in one
 * step before the shuffle, as Flink's planner pushes filters and projections down, so the auctions'
 * strings do not cross threads.
 */
type SellerAuction = Pick<Auction, 'id' | 'seller' | 'ingestionTime'>;
type Seller = Pick<Person, 'id' | 'name' | 'city' | 'state' | 'ingestionTime'>;

export const q3: NexmarkQuery<LocalItemSuggestion> = (env, source): DataStream<LocalItemSuggestion> => {
  const events = nexmarkStream(env, source);
  const auctions = events
    .process<SellerAuction>((e, _ctx, out) => {
      if (e.kind === 'auction' && e.category === Q3_CATEGORY) {
        out.collect({ id: e.id, seller: e.seller, ingestionTime: e.ingestionTime });
      }
    })
    .name('q3-category');
  const sellers = events
    .process<Seller>((e, _ctx, out) => {
      if (e.kind === 'person' && Q3_STATES.includes(e.state)) {
        out.collect({ id: e.id, name: e.name, city: e.city, state: e.state, ingestionTime: e.ingestionTime });
      }
    })
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
class LocalItemSuggestionJoin extends KeyedCoProcessFunction<number, SellerAuction, Seller, LocalItemSuggestion> {
  private seller!: ValueState<Seller>;
  private waiting!: ListState<SellerAuction>;

  override open(ctx: RuntimeContext): void {
    this.seller = ctx.getState(new ValueStateDescriptor<Seller>('seller'));
    this.waiting = ctx.getListState(new ListStateDescriptor<SellerAuction>('auctions-waiting-for-seller'));
  }

  processElement1(
    auction: SellerAuction,
    _ctx: KeyedCoProcessFunction.Context<number>,
    out: Collector<LocalItemSuggestion>,
  ) {
    const seller = this.seller.value();
    if (seller === undefined) this.waiting.add(auction);
    else out.collect(suggestion(seller, auction));
  }

  processElement2(seller: Seller, _ctx: KeyedCoProcessFunction.Context<number>, out: Collector<LocalItemSuggestion>) {
    this.seller.update(seller);
    for (const auction of this.waiting.get()) out.collect(suggestion(seller, auction));
    this.waiting.clear();
  }
}

function suggestion(seller: Seller, auction: SellerAuction): LocalItemSuggestion {
  return {
    name: seller.name,
    city: seller.city,
    state: seller.state,
    id: auction.id,
    ingestionTime: Math.max(seller.ingestionTime, auction.ingestionTime),
  };
}
