/**
 * The one place that loads seisplotjs. Its Node bundle defines a web component at module load
 * (`class extends HTMLDivElement` + `customElements.define`), which throws in plain Node
 * ("HTMLDivElement is not defined"). Minimal stand-ins for those DOM globals, installed only when
 * absent and before the import, let the parsing/encoding code load; no DOM feature is used here.
 * Loaded lazily so importing @quakefed/seismic does not pay for seisplotjs unless miniSEED is used.
 */
type SeisplotjsModule = typeof import('seisplotjs');

let loading: Promise<SeisplotjsModule> | undefined;

function installDomStubs(): void {
  const g = globalThis as Record<string, unknown>;
  if (g.HTMLElement === undefined) g.HTMLElement = class {};
  if (g.HTMLDivElement === undefined) g.HTMLDivElement = class extends (g.HTMLElement as new () => object) {};
  if (g.customElements === undefined) {
    const registry = new Map<string, unknown>();
    g.customElements = {
      define: (name: string, ctor: unknown) => void registry.set(name, ctor),
      get: (name: string) => registry.get(name),
    };
  }
}

/** Loads seisplotjs once (with the DOM stubs in place). */
export function loadSeisplotjs(): Promise<SeisplotjsModule> {
  if (!loading) {
    installDomStubs();
    loading = import('seisplotjs');
  }
  return loading;
}
