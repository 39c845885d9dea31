import { useWatch } from 'react-hook-form';
import { Create, DateTimeInput, NumberInput, required, SelectInput, SimpleForm, TextInput, maxValue, minValue } from 'react-admin';
import type { EventKind } from '../types';
import { eventKinds } from './choices';

interface EventForm {
  kind: EventKind;
  title: string;
  points: number;
  startsAt: string;
  endsAt?: string | null;
  passMark?: number | null;
}

/** The datetime-local value (the browser's zone) as an instant the API takes. */
const instant = (local: string | null | undefined) => (local ? new Date(local).toISOString() : null);

/** Only the fields the event's kind has: a course has no broadcast end, only a marathon has a pass mark (R9). */
const toRequest = ({ kind, title, points, startsAt, endsAt, passMark }: EventForm) => ({
  kind,
  title,
  points,
  startsAt: instant(startsAt),
  endsAt: kind === 'course' ? null : instant(endsAt),
  passMark: kind === 'marathon_webinar' ? passMark : null,
});

/** The fields that depend on the kind, with the point range the API will check (R9). */
const KindFields = () => {
  const kind = useWatch<EventForm, 'kind'>({ name: 'kind' });
  return (
    <>
      <NumberInput source="points" step={1} validate={required()} helperText={kind ? `resources.events.points_hint.${kind}` : false} />
      <DateTimeInput
        source="startsAt"
        validate={required()}
        helperText={kind === 'course' ? 'resources.events.helper.course_starts_at' : false}
      />
      {kind !== 'course' && <DateTimeInput source="endsAt" validate={required()} />}
      {kind === 'marathon_webinar' && <NumberInput source="passMark" validate={[required(), minValue(0), maxValue(100)]} />}
    </>
  );
};

/** A new event: its crediting workflow starts with it, and its window opens when the broadcast ends. */
export const EventCreate = () => (
  <Create<EventForm> redirect="show" transform={toRequest}>
    <SimpleForm defaultValues={{ kind: 'destination_webinar' }}>
      <SelectInput source="kind" choices={eventKinds} validate={required()} />
      <TextInput source="title" validate={required()} fullWidth />
      <KindFields />
    </SimpleForm>
  </Create>
);
