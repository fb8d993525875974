// In-process publish/subscribe for domain events after commit (SSE to browsers,
// notifications). One process, one bus: no broker needed on one appliance.
export type BusEvent = { topic: string; data: unknown };
type Listener = (e: BusEvent) => void;

export class Bus {
  private listeners = new Set<Listener>();
  publish(topic: string, data: unknown) {
    for (const l of [...this.listeners]) {
      try {
        l({ topic, data });
      } catch (e) {
        console.error("bus listener failed:", e);
      }
    }
  }
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  get size() {
    return this.listeners.size;
  }
}
