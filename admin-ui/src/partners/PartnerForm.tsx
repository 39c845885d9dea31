import {
  ArrayInput,
  BooleanInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  minValue,
  regex,
  required,
  useRecordContext,
} from 'react-admin';
import { ruleTypes } from './choices';
import type { EarningRule, Partner } from './types';

const DAY_MS = 24 * 3_600_000;

/** The form's own fields: the earning rule spread out, the pending period in days, the price in roubles. */
export interface PartnerFormValues {
  name: string;
  rule_type: EarningRule['type'];
  rule_points: number | null;
  rule_kinds: Array<{ kind: string; points: number }>;
  qualifies: boolean;
  pending_days: number;
  price_per_point: number;
  active: boolean;
}

export function toFormValues(p?: Partner): PartnerFormValues {
  const rule = p?.earning_rule ?? { type: 'per_100_roubles', points: 1 };
  return {
    name: p?.name ?? '',
    rule_type: rule.type,
    rule_points: rule.type === 'per_100_roubles' ? rule.points : 1,
    rule_kinds: rule.type === 'per_kind' ? Object.entries(rule.kinds).map(([kind, points]) => ({ kind, points })) : [],
    qualifies: p?.qualifies ?? false,
    pending_days: p ? p.pending_period_ms / DAY_MS : 14,
    price_per_point: p ? p.price_per_point_kopecks / 100 : 0,
    active: p?.active ?? true,
  };
}

/** What the staff API takes (`PartnerRequest`, `PartnerChange`). */
export interface PartnerRequest {
  name: string;
  earningRule: EarningRule;
  qualifies: boolean;
  pendingPeriodMs: number;
  pricePerPoint: number;
  active: boolean;
}

const request = (v: PartnerFormValues): PartnerRequest => ({
  name: v.name,
  earningRule:
    v.rule_type === 'per_100_roubles'
      ? { type: 'per_100_roubles', points: Number(v.rule_points) }
      : { type: 'per_kind', kinds: Object.fromEntries((v.rule_kinds ?? []).map((k) => [k.kind, Number(k.points)])) },
  qualifies: v.qualifies,
  pendingPeriodMs: Math.round(Number(v.pending_days) * DAY_MS),
  pricePerPoint: Number(v.price_per_point),
  active: v.active,
});

/**
 * The fields to send: all of them for a new partner, only the changed ones for an edit (so the audit
 * log records what changed).
 */
export function toRequest(values: PartnerFormValues, previous?: Partner): Partial<PartnerRequest> {
  const next = request(values);
  if (!previous) return next;
  const before = request(toFormValues(previous));
  return Object.fromEntries(
    (Object.keys(next) as Array<keyof PartnerRequest>)
      .filter((f) => JSON.stringify(next[f]) !== JSON.stringify(before[f]))
      .map((f) => [f, next[f]]),
  );
}

const kindCode = regex(/^[a-z][a-z0-9_]{0,31}$/, 'resources.partners.validation.kind');

/** A2: a partner and its earning rule; the same form creates and edits. */
export const PartnerForm = () => {
  const record = useRecordContext<Partner>();
  return (
    <SimpleForm record={toFormValues(record)}>
      <TextInput source="name" validate={required()} fullWidth slotProps={{ htmlInput: { maxLength: 200 } }} />
      <SelectInput source="rule_type" choices={ruleTypes} validate={required()} />
      <FormDataConsumer<PartnerFormValues>>
        {({ formData }) =>
          formData.rule_type === 'per_kind' ? (
            <ArrayInput source="rule_kinds" validate={required()}>
              <SimpleFormIterator inline disableReordering>
                <TextInput source="kind" validate={[required(), kindCode]} helperText={false} />
                <NumberInput source="points" validate={[required(), minValue(1)]} step={1} helperText={false} />
              </SimpleFormIterator>
            </ArrayInput>
          ) : (
            <NumberInput
              source="rule_points"
              validate={[required(), minValue(0.01)]}
              step={0.5}
              helperText="resources.partners.helper.rule_points"
            />
          )
        }
      </FormDataConsumer>
      <BooleanInput source="qualifies" helperText="resources.partners.helper.qualifies" />
      <NumberInput
        source="pending_days"
        validate={[required(), minValue(0)]}
        step={1}
        helperText="resources.partners.helper.pending_days"
      />
      <NumberInput
        source="price_per_point"
        validate={[required(), minValue(0)]}
        step={0.01}
        helperText="resources.partners.helper.price_per_point"
      />
      <BooleanInput source="active" helperText="resources.partners.helper.active" />
    </SimpleForm>
  );
};
