import { signal, type Signal } from '@preact/signals';
import { HelpCallsView, type HelpCallView } from '../contract/kiosk-access.ts';
import { NoContent } from '../contract/responses/common.ts';
import type { Api } from '../ui-kit/api.ts';

/**
 * 帮办 calls from kiosks that this window should answer: read when the terminal starts and again on
 * every kiosk.help_* event (no polling). Taking one tells every screen someone is on the way.
 */
export class HelpCalls {
  readonly calls: Signal<HelpCallView[]> = signal([]);
  readonly error: Signal<string | null> = signal(null);

  constructor(private readonly request: Api, private readonly window: number) {}

  async refresh(): Promise<void> {
    try {
      const view = await this.request('/api/help-calls', HelpCallsView);
      this.calls.value = view.calls.filter((c) => c.window === this.window);
      this.error.value = null;
    } catch {
      // The banner is a courtesy: the supervisors' alert carries the call too.
    }
  }

  async take(kiosk: string): Promise<void> {
    try {
      await this.request(`/api/help-calls/${encodeURIComponent(kiosk)}/answer`, NoContent, { method: 'POST', body: {} });
      this.error.value = null;
    } catch (error) {
      this.error.value = error instanceof Error ? error.message : String(error);
    }
    await this.refresh();
  }
}
