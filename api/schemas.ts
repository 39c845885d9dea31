/**
 * Request and response shapes of the client API: one zod schema gives the runtime validation,
 * the TypeScript type and the OpenAPI document.
 */
import { z } from 'zod';
import { innProblem } from '../rules/inn.js';
import { PARTICIPANT_STATUSES } from '../workflows/messages/participant.js';
import { email, optionalPhone, optionalText, secret, text } from './text.js';

/** Why an INN is refused, as a field's message (rules/inn.ts). */
export const INN_MESSAGES = {
  not_digits: 'must contain digits only',
  wrong_length: 'must have 10 digits (company) or 12 digits (individual entrepreneur)',
  wrong_check_digit: 'has a wrong check digit',
} as const;

/**
 * The registration form's fields, shared by its three shapes: one per contract path (R4), each
 * requiring what its path needs. The same schemas validate the form and give the OpenAPI document
 * its `oneOf` with a discriminator on `contractPath`.
 */
const registrationFields = {
  firstName: text(100),
  lastName: text(100),
  email: email(),
  // A6: a third login (with the member number and the email), where sign-in codes go when an SMS relay is set
  phone: optionalPhone(),
  agencyInn: optionalText(12)
    .superRefine((inn, ctx) => {
      const problem = inn === undefined ? null : innProblem(inn);
      if (problem) ctx.addIssue({ code: 'custom', message: INN_MESSAGES[problem] });
    })
    .meta({
      description: "The agency's INN: 10 digits (a company) or 12 (an individual entrepreneur), check digits valid. This or `agencyName`",
    }),
  agencyName: optionalText(300).meta({ description: "The agency's legal name. This or `agencyInn`" }),
};
const contractNumber = (description: string) => text(50).meta({ description });

/**
 * R2: every path names the agency by its INN or its legal name, at least one: the refinement below
 * checks it, and each shape states it in the document as the same rule (`anyOf` of the two `required`).
 */
const AGENCY_NAMED_BY = ['agencyInn', 'agencyName'] as const;
const agencyNamed = {
  allOf: [{ anyOf: AGENCY_NAMED_BY.map((field) => ({ type: 'object', properties: { [field]: { type: 'string' } }, required: [field] })) }],
};

export const AgentRegistration = z
  .strictObject({
    ...registrationFields,
    contractPath: z.literal('agent'),
    contractNumber: optionalText(50).meta({ description: "The agency's agent contract number, if known" }),
    subagencyLegalName: optionalText(300),
  })
  .meta({
    ...agencyNamed,
    id: 'AgentRegistration',
    description: "An employee of an agency with its own agent contract: the registry finds the contract by the agency's INN or name.",
    example: { firstName: 'Анна', lastName: 'Смирнова', email: 'anna@agency.example', agencyInn: '7707083893', contractPath: 'agent' },
  });

export const SubagentRegistration = z
  .strictObject({
    ...registrationFields,
    contractPath: z.literal('subagent'),
    contractNumber: contractNumber('The subagent contract number'),
    subagencyLegalName: text(300).meta({ description: "The subagency's exact legal name" }),
  })
  .meta({
    ...agencyNamed,
    id: 'SubagentRegistration',
    description: "An employee of a subagency: the subagent contract number and the subagency's exact legal name are required.",
    example: {
      firstName: 'Олег',
      lastName: 'Иванов',
      email: 'oleg@subagency.example',
      agencyName: 'ИП Иванов',
      contractPath: 'subagent',
      contractNumber: 'SA-2024-17',
      subagencyLegalName: 'ИП Иванов Олег Петрович',
    },
  });

export const IntermediaryRegistration = z
  .strictObject({
    ...registrationFields,
    contractPath: z.literal('intermediary'),
    contractNumber: contractNumber("The intermediary's agent contract number"),
    subagencyLegalName: optionalText(300),
  })
  .meta({
    ...agencyNamed,
    id: 'IntermediaryRegistration',
    description:
      "An employee of an agency working through an intermediary: the intermediary's agent contract number is required, and the " +
      "intermediary's confirmation letter is sent with the form (multipart, file field `letter`); a reviewer checks it.",
    example: {
      firstName: 'Ирина',
      lastName: 'Петрова',
      email: 'irina@agency.example',
      agencyName: 'ИП Петрова',
      contractPath: 'intermediary',
      contractNumber: 'AG-42',
    },
  });

export const RegistrationRequest = z
  .discriminatedUnion('contractPath', [AgentRegistration, SubagentRegistration, IntermediaryRegistration], {
    error: 'must be agent, subagent or intermediary',
  })
  .superRefine((r, ctx) => {
    if (AGENCY_NAMED_BY.every((field) => r[field] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [AGENCY_NAMED_BY[0]], message: 'give the agency INN or its legal name' });
    }
  })
  .meta({
    id: 'RegistrationRequest',
    description:
      "An agency employee joins the program (R2, R4): one shape per `contractPath`. Every path needs the agency's INN (`agencyInn`) " +
      'or its legal name (`agencyName`), at least one. Send JSON, or multipart/form-data with the same fields and, on the ' +
      'intermediary path, the confirmation letter as the file field `letter` (PDF, PNG or JPEG).',
    example: { firstName: 'Анна', lastName: 'Смирнова', email: 'anna@agency.example', agencyInn: '7707083893', contractPath: 'agent' },
  });
export type RegistrationRequest = z.infer<typeof RegistrationRequest>;

/** The same form as multipart/form-data, as the document shows it: every field, and the letter (the rules are RegistrationRequest's). */
export const RegistrationForm = z
  .object({
    ...registrationFields,
    contractPath: z.enum(['agent', 'subagent', 'intermediary']),
    contractNumber: optionalText(50).meta({ description: 'Required for a subagent and an intermediary' }),
    subagencyLegalName: optionalText(300).meta({ description: 'Required for a subagent' }),
    letter: z.string().optional().meta({
      format: 'binary',
      description: "The intermediary's confirmation letter (PDF, PNG or JPEG); only on the intermediary path, and required there",
    }),
  })
  .meta({ description: 'The fields of RegistrationRequest, with the same rules per `contractPath`, and the letter.' });

export const ParticipantStatus = z.enum(PARTICIPANT_STATUSES).meta({ id: 'ParticipantStatus' });

export const Registration = z
  .object({
    participantId: z.uuid(),
    status: ParticipantStatus,
    memberNumber: z.string().nullable(),
    registeredAt: z.iso.datetime(),
    confirmedAt: z.iso.datetime().nullable(),
    activatedAt: z.iso.datetime().nullable(),
    endReason: z.string().nullable(),
    balance: z.number().int(),
  })
  .meta({
    id: 'Registration',
    example: {
      participantId: '3f2b1c9e-6a7d-4e2f-8b1a-2c3d4e5f6a7b',
      status: 'pending_confirmation',
      memberNumber: null,
      registeredAt: '2026-11-29T10:00:00.000Z',
      confirmedAt: null,
      activatedAt: null,
      endReason: null,
      balance: 0,
    },
  });

/** R22: an active participant registered again with another agency: the change is verified as in R4, points kept. */
export const RebindAnswer = z
  .object({
    ...Registration.partial().shape,
    status: ParticipantStatus,
    rebind: z.object({ id: z.uuid(), status: z.literal('verifying') }),
  })
  .meta({
    id: 'Rebind',
    description:
      "R22: the change of agency is being verified. The registration's details come only to the client that registered the participant.",
  });

/** The work is taken and still in progress in its workflow (API_WORKFLOW_WAIT_MS passed): follow `Location`. */
export const AcceptedAnswer = z.object({ status: z.literal('accepted'), message: z.string(), location: z.string() }).meta({
  id: 'Accepted',
  description: 'Taken, and still being done: `Location` (and `location`) says where to follow it; `Retry-After` when to look.',
});

export const ConfirmationRequest = z
  .strictObject({
    token: secret(200),
    password: secret(200, 10),
  })
  .meta({ id: 'ConfirmationRequest', description: 'Follows the emailed link: confirms the address and sets the password (R3).' });

export const ErrorResponse = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        field: z.string().optional().meta({ description: 'The field at fault (a body field as `rows.3.email`, a header, a parameter)' }),
        issues: z
          .array(z.object({ field: z.string(), message: z.string() }))
          .optional()
          .meta({ description: 'A refused body: every problem found' }),
        correlationId: z.string().optional().meta({ description: 'A 500: quote it to support' }),
      })
      .loose()
      .meta({
        description: 'Some refusals add what helps to act on them, e.g. the `available` points, or the `registration` that holds the email',
      }),
  })
  .meta({
    id: 'Error',
    example: {
      error: {
        code: 'validation_failed',
        message: 'agencyInn: has a wrong check digit',
        field: 'agencyInn',
        issues: [{ field: 'agencyInn', message: 'has a wrong check digit' }],
      },
    },
  });

/** The header that makes a retried request safe: the same key again does nothing more. */
export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: '1 to 200 visible ASCII characters, new for each action: a retry with the same key does nothing more' }),
});
