/** A3: the staff API's charity records, as the console reads them (snake_case rows). */
export interface CharityFund {
  id: string;
  name: string;
  description: string;
  active: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** completed donations so far (in the list) */
  donations?: number;
  points?: number;
}

export type DonationStatus = 'placed' | 'completed' | 'cancelled' | 'expired';

export interface Donation {
  id: string;
  fund_id: string;
  fund_name: string;
  participant_id: string;
  participant_email: string;
  participant_name: string;
  points: number;
  status: DonationStatus;
  end_reason: string | null;
  payment_deadline_at: string;
  created_at: string;
  completed_at: string | null;
}

export interface StatementMonth {
  month: string;
  donations: number;
  points: number;
  donors: number;
}

export interface FundStatement {
  fund: { id: string; name: string; active: boolean };
  months: StatementMonth[];
  total: { donations: number; points: number };
}
