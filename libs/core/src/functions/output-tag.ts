/**
 * Names a side output. The type parameter is the type of what goes there; the id must be unique in
 * the job, since it is how the runtime finds the side output again on every TaskManager.
 */
export class OutputTag<T> {
  declare readonly __type?: T;

  constructor(readonly id: string) {
    if (!id) throw new TypeError('An OutputTag needs a non-empty id.');
  }

  toString(): string {
    return `OutputTag(${this.id})`;
  }
}
