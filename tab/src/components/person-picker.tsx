// Find a person in the council's directory by typing part of their name, email or job title.
import { Combobox, Option } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { answer, api } from '../api/api-client.ts';
import type { UserView } from '../api/schema.ts';
import { useSession } from '../session.tsx';

export function PersonPicker(props: {
  id: string;
  value: string;
  onChange: (id: string) => void;
  placeholder?: string;
  /** Offer only people who can hold this role (e.g. socialWorker), as the directory API decides. */
  role?: string;
  /** The chosen person's name when the tab does not know it yet (chosen before the picker opened). */
  valueName?: string;
}) {
  const session = useSession();
  const [query, setQuery] = useState(() =>
    props.value ? (session.people.get(props.value)?.name ?? props.valueName ?? '') : '',
  );
  const [found, setFound] = useState<UserView[]>([]);
  const [searched, setSearched] = useState(false);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    const t = window.setTimeout(() => {
      const q = { limit: 15, q: query.trim(), ...(props.role ? { role: props.role } : {}) };
      answer(api.GET('/api/directory/users', { params: { query: q }, signal: abort.signal })).then(
        (people) => {
          setFound(people);
          setSearched(true);
        },
        () => setSearched(true),
      );
    }, 200);
    return () => {
      window.clearTimeout(t);
      abort.abort();
    };
  }, [query, props.role]);

  return (
    <Combobox
      id={props.id}
      value={query}
      selectedOptions={props.value ? [props.value] : []}
      placeholder={props.placeholder ?? 'Type a name'}
      open={open}
      onOpenChange={(_, d) => setOpen(d.open)}
      onChange={(e) => {
        setQuery(e.target.value);
        setOpen(true);
        if (props.value) props.onChange('');
      }}
      onOptionSelect={(_, d) => {
        if (!d.optionValue) return;
        props.onChange(d.optionValue);
        setQuery(d.optionText ?? '');
        setOpen(false);
      }}
    >
      {found.map((p) => (
        <Option key={p.id} value={p.id} text={p.name}>
          {p.name} – {p.jobTitle}
        </Option>
      ))}
      {searched && found.length === 0 ? (
        <Option key="none" value="" text="" disabled>
          Nobody matches “{query}”
        </Option>
      ) : null}
    </Combobox>
  );
}
