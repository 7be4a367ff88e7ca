/** Keys for an on-screen pad; `onKey` gets the key's value. Buttons, so the whole key is the target. */
export function Keypad({ keys, onKey, class: cls }: { keys: { value: string; label?: string; wide?: boolean }[]; onKey: (value: string) => void; class?: string }) {
  return (
    <div class={`keypad ${cls ?? ''}`}>
      {keys.map((k) => (
        <button type="button" key={k.value} class={`key${k.wide ? ' key-wide' : ''}`} data-key={k.value} onClick={() => onKey(k.value)}>
          {k.label ?? k.value}
        </button>
      ))}
    </div>
  );
}
