/**
 * Request and response shapes of the client API: one zod schema gives the runtime validation,
 * the TypeScript type and the OpenAPI document.
 */
import { z } from 'zod';
import { isValidEmail } from '../rules/email.js';
import { innProblem } from '../rules/inn.js';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());

const INN_MESSAGES = {
  not_digits: 'must contain digits only',
  wrong_length: 'must have 10 digits (company) or 12 digits (individual entrepreneur)',
  wrong_check_digit: 'has a wrong check digit',
} as const;

export const RegistrationRequest = z
  .strictObject({
    firstName: text(100),
    lastName: text(100),
    email: z.string().trim().max(254, 'must be at most 254 characters').refine(isValidEmail, 'must be a valid email address'),
    agencyInn: optionalText(12).superRefine((inn, ctx) => {
      const problem = inn === undefined ? null : innProblem(inn);
      if (problem) ctx.addIssue({ code: 'custom', message: INN_MESSAGES[problem] });
    }),
    agencyName: optionalText(300),
    contractPath: z.enum(['agent', 'subagent', 'intermediary'], 'must be agent, subagent or intermediary'),
    contractNumber: optionalText(50),
    subagencyLegalName: optionalText(300),
  })
  .superRefine((r, ctx) => {
    const require = (field: keyof typeof r, why: string) => {
      if (r[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required ${why}` });
    };
    if (r.agencyInn === undefined && r.agencyName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['agencyInn'], message: 'give the agency INN or its legal name' });
    }
    if (r.contractPath === 'subagent') {
      require('contractNumber', 'for a subagent: the subagent contract number');
      require('subagencyLegalName', "for a subagent: the subagency's exact legal name");
    }
    if (r.contractPath === 'intermediary') require('contractNumber', "for an intermediary: the intermediary's agent contract number");
  })
  .meta({
    id: 'RegistrationRequest',
    description:
      'An agency employee joins the program (R2, R4). Send JSON, or multipart/form-data with the same fields ' +
      'and, on the intermediary path, the confirmation letter as the file field `letter` (PDF, PNG or JPEG).',
    example: {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email: 'anna@agency.example',
      agencyInn: '7707083893',
      contractPath: 'agent',
    },
  });
export type RegistrationRequest = z.infer<typeof RegistrationRequest>;

export const ParticipantStatus = z
  .enum(['pending_confirmation', 'pending_verification', 'active', 'rejected', 'expired', 'closed'])
  .meta({ id: 'ParticipantStatus' });

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
  .meta({ id: 'Registration' });

export const ConfirmationRequest = z
  .strictObject({
    token: z.string().min(1, 'is required').max(200),
    password: z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters'),
  })
  .meta({ id: 'ConfirmationRequest', description: 'Follows the emailed link: confirms the address and sets the password (R3).' });

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      correlationId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
