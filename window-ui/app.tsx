import { useEffect, useState } from 'preact/hooks';
import { HallCatalogue, LoginResult, Me, Ok } from '../contract/responses.ts';
import { Snapshot } from '../contract/snapshot.ts';
import type { TicketView } from '../contract/ticket.ts';
import { api } from '../ui-kit/api.ts';
import { HallStream } from '../ui-kit/stream.ts';
import { Login } from './components/login.tsx';
import { TerminalView } from './components/terminal-view.tsx';
import { WindowConfirm } from './components/window-confirm.tsx';
import { t } from './i18n.ts';
import { WindowTerminal, type OpenStream } from './terminal.ts';
import type { StaffMe } from './types.ts';

type Screen =
  | { kind: 'loading' }
  | { kind: 'login' }
  | { kind: 'confirm'; me: StaffMe; windows: Snapshot['windows'] }
  | { kind: 'terminal'; me: StaffMe; term: WindowTerminal };

const REMEMBERED = 'hallq.window';

/** The window this PC stands at: ?window=N in the URL, else the last one signed in to here. */
export function suggestedWindow(search: string, stored: string | null): number | null {
  const fromUrl = Number(new URLSearchParams(search).get('window'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const fromStore = Number(stored);
  return Number.isInteger(fromStore) && fromStore > 0 ? fromStore : null;
}

function remembered(): string | null {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null;
  }
}

/** Staff use the session cookie; the server moves this socket to the window's room on sign-in. */
const openStream: OpenStream = (handlers) =>
  new HallStream<TicketView>({ onEvent: (e) => handlers.onEvent(e), onSnapshot: () => handlers.onSnapshot() });

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [hallName, setHallName] = useState('');

  const toLogin = () => setScreen({ kind: 'login' });

  const toConfirm = async (me: StaffMe) => {
    const snap = await api('/api/snapshot', Snapshot).catch(() => null);
    setScreen({ kind: 'confirm', me, windows: snap?.windows ?? [] });
  };

  const toTerminal = (me: StaffMe, window: number) => {
    const term: WindowTerminal = new WindowTerminal({
      window,
      badge: me.badge,
      request: api,
      openStream,
      onSessionLost: () => {
        term.stop();
        toLogin();
      },
      onSignedOut: toLogin,
    });
    term.staffName = me.name;
    setScreen({ kind: 'terminal', me, term });
    void term.start();
  };

  const route = (me: Me) => {
    if (me.kind !== 'staff') return toLogin();
    if (me.window !== null) return toTerminal(me, me.window);
    return void toConfirm(me);
  };

  useEffect(() => {
    document.title = t('app.title');
    api('/api/hall', HallCatalogue)
      .then((h) => setHallName(h.hall.name))
      .catch(() => undefined);
    api('/api/auth/me', Me)
      .then(route)
      .catch(toLogin);
  }, []);

  useEffect(() => () => (screen.kind === 'terminal' ? screen.term.stop() : undefined), [screen]);

  switch (screen.kind) {
    case 'loading':
      return <div class="gate" />;
    case 'login':
      return (
        <Login
          hallName={hallName}
          login={async (badge, password) => {
            const { expiresAt: _e, ...r } = await api('/api/auth/login', LoginResult, { method: 'POST', body: { badge, password } });
            return { kind: 'staff', ...r };
          }}
          onDone={route}
        />
      );
    case 'confirm':
      return (
        <WindowConfirm
          me={screen.me}
          windows={screen.windows}
          suggested={suggestedWindow(location.search, remembered())}
          signIn={async (n) => {
            await api(`/api/windows/${n}/sign-in`, Ok, { method: 'POST', body: {} });
            try {
              localStorage.setItem(REMEMBERED, String(n));
            } catch {
              /* private mode: the URL parameter still works */
            }
            toTerminal({ ...screen.me, window: n }, n);
          }}
          logout={() => {
            void api('/api/auth/logout', Ok, { method: 'POST' }).catch(() => undefined);
            toLogin();
          }}
        />
      );
    case 'terminal':
      return <TerminalView term={screen.term} staffName={screen.me.name} />;
  }
}
