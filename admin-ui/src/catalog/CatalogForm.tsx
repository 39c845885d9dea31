import { BooleanInput, maxValue, minValue, NumberInput, number, regex, required, SimpleForm, TextInput } from 'react-admin';
import type { CatalogItem } from '../types';

/** The fields of an item as the form holds them (the record's own names). */
export type CatalogFields = Pick<CatalogItem, 'sku' | 'title' | 'description' | 'price_points' | 'stock' | 'active'>;

/** The API's names for them. */
const requestNames = {
  sku: 'sku',
  title: 'title',
  description: 'description',
  price_points: 'pricePoints',
  stock: 'stock',
  active: 'active',
} as const satisfies Record<keyof CatalogFields, string>;

/**
 * The fields to send: all of them for a new item, only the changed ones for an edit (so the audit
 * log records what changed), under the API's names.
 */
export function toRequest(data: CatalogFields, previous?: Partial<CatalogFields>): Record<string, unknown> {
  const fields = (Object.keys(requestNames) as Array<keyof CatalogFields>).filter(
    (field) => data[field] !== undefined && (previous === undefined || data[field] !== previous[field]),
  );
  return Object.fromEntries(fields.map((field) => [requestNames[field], field === 'description' ? (data[field] ?? '') : data[field]]));
}

const MAX = 1_000_000;
const skuPattern = regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'resources.catalog.validation.sku');
const whole = (value: unknown) => (value == null || Number.isInteger(value) ? undefined : 'resources.catalog.validation.whole');

/** R15: a branded item priced in points; the same form creates and edits. */
export const CatalogForm = () => (
  <SimpleForm defaultValues={{ active: true, description: '' }}>
    <TextInput source="sku" validate={[required(), skuPattern]} helperText="resources.catalog.helper.sku" />
    <TextInput source="title" validate={required()} fullWidth slotProps={{ htmlInput: { maxLength: 300 } }} />
    <TextInput source="description" multiline minRows={2} fullWidth slotProps={{ htmlInput: { maxLength: 5000 } }} />
    <NumberInput source="price_points" step={1} validate={[required(), number(), whole, minValue(1), maxValue(MAX)]} />
    <NumberInput source="stock" step={1} validate={[required(), number(), whole, minValue(0), maxValue(MAX)]} />
    <BooleanInput source="active" helperText="resources.catalog.helper.active" />
  </SimpleForm>
);
