// Development sign-in: choose who you are from the directory (remembered in this browser). Shown
// only when the server says it runs with dev sign-in (its OpenAPI document has the devUser scheme).
import { Dropdown, Field, makeStyles, Option } from '@fluentui/react-components';
import type { KnownPerson } from '../session.tsx';

const useStyles = makeStyles({ field: { minWidth: '300px' }, dropdown: { minWidth: '300px' } });

export const devUserKey = 'cpDisputes.devUser';

export function PersonSwitcher(props: {
  people: KnownPerson[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  const s = useStyles();
  const chosen = props.people.find((p) => p.id === props.value);
  return (
    <Field label="Signed in as (development sign-in)" className={s.field} orientation="vertical" size="small">
      <Dropdown
        className={s.dropdown}
        size="small"
        placeholder="Choose a person"
        value={chosen ? `${chosen.name} – ${chosen.jobTitle}` : ''}
        selectedOptions={props.value ? [props.value] : []}
        onOptionSelect={(_, d) => d.optionValue && props.onChange(d.optionValue)}
      >
        {props.people.map((p) => (
          <Option key={p.id} value={p.id} text={`${p.name} – ${p.jobTitle}`}>
            {p.name} – {p.jobTitle}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
