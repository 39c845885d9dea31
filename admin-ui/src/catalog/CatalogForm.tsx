import { BooleanInput, maxValue, minValue, NumberInput, number, regex, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { useTiers } from '../tiers/useTiers';
import type { CatalogItem } from '../types';

/** The fields of an item as the form holds them (the record's own names). */
export type CatalogFields = Pick<CatalogItem, 'sku' | 'title' | 'description' | 'price_points' | 'stock' | 'active' | 'min_tier'>;

/** The API's names for them. */
const requestNames = {
  sku: 'sku',
  title: 'title',
  description: 'description',
  price_points: 'pricePoints',
  stock: 'stock',
  active: 'active',
  min_tier: 'minTier',
} as const satisfies Record<keyof CatalogFields, string>;

/** An empty choice of minimum tier is no tier (null), however the select writes it. */
const normalized = (field: keyof CatalogFields, value: unknown) => (field === 'min_tier' ? value || null : value);

/**
 * The fields to send: all of them for a new item, only the changed ones for an edit (so the audit
 * log records what changed), under the API's names.
 */
export function toRequest(data: CatalogFields, previous?: Partial<CatalogFields>): Record<string, unknown> {
  const fields = (Object.keys(requestNames) as Array<keyof CatalogFields>).filter(
    (field) =>
      data[field] !== undefined && (previous === undefined || normalized(field, data[field]) !== normalized(field, previous[field])),
  );
  return Object.fromEntries(
    fields.map((field) => [
      requestNames[field],
      field === 'description' ? (data[field] ?? '') : field === 'min_tier' ? data[field] || null : data[field],
    ]),
  );
}

const MAX = 1_000_000;
const skuPattern = regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'resources.catalog.validation.sku');
const whole = (value: unknown) => (value == null || Number.isInteger(value) ? undefined : 'resources.catalog.validation.whole');

/** A1: the lowest tier that may order the item, from the tier term in force; empty: everyone. */
const MinTierInput = () => {
  const tiers = useTiers();
  const choices = tiers.levels.map((level) => ({ id: level.code, name: tiers.name(level.code) }));
  return (
    <SelectInput
      source="min_tier"
      choices={choices}
      emptyText="resources.catalog.everyone"
      translateChoice={false}
      helperText="resources.catalog.helper.min_tier"
    />
  );
};

/** R15: a branded item (or, A1, a tier-only item or service) priced in points; the same form creates and edits. */
export const CatalogForm = () => (
  <SimpleForm defaultValues={{ active: true, description: '', min_tier: null }}>
    <TextInput source="sku" validate={[required(), skuPattern]} helperText="resources.catalog.helper.sku" />
    <TextInput source="title" validate={required()} fullWidth slotProps={{ htmlInput: { maxLength: 300 } }} />
    <TextInput source="description" multiline minRows={2} fullWidth slotProps={{ htmlInput: { maxLength: 5000 } }} />
    <NumberInput source="price_points" step={1} validate={[required(), number(), whole, minValue(1), maxValue(MAX)]} />
    <NumberInput source="stock" step={1} validate={[required(), number(), whole, minValue(0), maxValue(MAX)]} />
    <BooleanInput source="active" helperText="resources.catalog.helper.active" />
    <MinTierInput />
  </SimpleForm>
);
