import type { KioskKey } from './i18n/index.ts';
import type { Screen } from './store.ts';

/** What elder mode says aloud when a screen opens. */
export function promptKey(screen: Screen): KioskKey | null {
  switch (screen.name) {
    case 'home':
      return 'elder.prompt.home';
    case 'departments':
      return 'dept.title';
    case 'items':
      return 'items.title';
    case 'card':
      return 'card.title';
    case 'typedId':
      return 'typed.title';
    case 'typedName':
      return 'typed.nameTitle';
    case 'confirm':
      return 'confirm.title';
    case 'done':
      if (screen.receipt.printed !== false) return 'done.take';
      return screen.printerOffline ? 'done.printerOffline' : 'done.electronic';
    case 'checkin':
      return 'checkin.byCode';
    case 'guide':
      return 'guide.pick';
    case 'complaint':
      return 'complaint.scan';
    default:
      return null;
  }
}
