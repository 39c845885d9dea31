import { Typography } from '@mui/material';
import { Create, DateTimeInput, minValue, NumberInput, required, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { settingsIn, termSettings, toApiValue, useCurrentTerms, useTermFormat, type TermSetting } from './settings';

interface TermsForm {
  effectiveFrom?: string | null;
  reason: string;
  /** in each setting's own unit; empty: unchanged */
  settings?: Record<string, number | null>;
}

/** The form as the API takes it: the instant (now, if none), the reason, and only the settings entered. */
const toRequest = ({ effectiveFrom, reason, settings = {} }: TermsForm) => ({
  effectiveFrom: (effectiveFrom ? new Date(effectiveFrom) : new Date()).toISOString(),
  reason,
  settings: Object.fromEntries(
    settingsIn(settings)
      .filter((setting) => typeof settings[setting.key] === 'number')
      .map((setting) => [setting.key, toApiValue(setting, settings[setting.key]!)]),
  ),
});

const whole = (value: unknown) => (value == null || Number.isInteger(value) ? undefined : 'resources.terms.validation.whole');
const positive = (value: unknown) =>
  value == null || (typeof value === 'number' && value > 0) ? undefined : 'resources.terms.validation.positive';

/** R27: the range an admin may set (rules/terms.ts), checked in the setting's own unit. */
const inRange = (setting: TermSetting, format: ReturnType<typeof useTermFormat>) => (value: unknown) => {
  if (typeof value !== 'number' || setting.min === undefined || setting.max === undefined) return undefined;
  const apiValue = toApiValue(setting, value);
  return apiValue >= setting.min && apiValue <= setting.max
    ? undefined
    : {
        message: 'resources.terms.validation.range',
        args: { min: format.value(setting, setting.min), max: format.value(setting, setting.max) },
      };
};

/** One setting, entered in its unit, with what is in force now as the hint. */
const SettingInput = ({ setting }: { setting: TermSetting }) => {
  const translate = useTranslate();
  const format = useTermFormat();
  const terms = useCurrentTerms();
  const now = terms.data?.current[setting.key];
  return (
    <NumberInput
      source={`settings.${setting.key}`}
      label={`${format.name(setting)}, ${translate(`resources.terms.input_units.${setting.unit}`)}`}
      helperText={now === undefined ? false : translate('resources.terms.helper.now', { value: format.value(setting, now) })}
      step={setting.kind === 'count' ? 1 : 'any'}
      validate={
        setting.kind === 'count' ? [whole, minValue(setting.min ?? 0), inRange(setting, format)] : [positive, inRange(setting, format)]
      }
      sx={{ minWidth: 420 }}
    />
  );
};

/** An input for every term the API has (all the console knows, until it answers). */
const SettingInputs = () => {
  const terms = useCurrentTerms();
  const settings = terms.data ? settingsIn(terms.data.current) : termSettings;
  return (
    <>
      {settings.map((setting) => (
        <SettingInput key={setting.key} setting={setting} />
      ))}
    </>
  );
};

/** R27: a change of the terms from an instant on, with its reason; only the settings filled in change. */
export const TermsCreate = () => {
  const translate = useTranslate();
  return (
    <Create<TermsForm & { id: number }> title="resources.terms.create_title" redirect="list" transform={toRequest}>
      <SimpleForm>
        <DateTimeInput source="effectiveFrom" helperText="resources.terms.helper.effective_from" />
        <TextInput source="reason" validate={required()} multiline minRows={2} fullWidth slotProps={{ htmlInput: { maxLength: 1000 } }} />
        <Typography variant="subtitle1" sx={{ mt: 2 }}>
          {translate('resources.terms.settings_title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {translate('resources.terms.helper.settings')}
        </Typography>
        <SettingInputs />
      </SimpleForm>
    </Create>
  );
};
