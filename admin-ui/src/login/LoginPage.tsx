import { Button, CardContent, CircularProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, HttpError, Login, PasswordInput, required, TextInput, useLogin, useNotify, useTranslate } from 'react-admin';
import { SecondFactorNeeded } from '../authProvider';

/**
 * The console's sign-in: email and password, then, for an account with a second factor, the
 * six-digit code from the authenticator app (the API's challenge lives as long as SIGN_IN_CODE_TTL_MS).
 */
export const LoginPage = () => {
  const translate = useTranslate();
  const login = useLogin();
  const notify = useNotify();
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const submit = (values: Record<string, string>) => {
    setLoading(true);
    const credentials = challengeId ? { challengeId, code: values.code } : { email: values.email, password: values.password };
    login(credentials)
      .catch((error: unknown) => {
        if (error instanceof SecondFactorNeeded) {
          setChallengeId(error.challengeId);
          return;
        }
        const message = error instanceof Error && error.message ? error.message : 'ra.auth.sign_in_error';
        notify(message, { type: 'error', messageArgs: { _: message } });
        // A sign-in that has expired, was completed or used up its attempts (404, 410) starts again from the password.
        if (challengeId && error instanceof HttpError && (error.status === 404 || error.status === 410)) setChallengeId(null);
      })
      .finally(() => setLoading(false));
  };

  return (
    <Login>
      <Form key={challengeId ?? 'password'} onSubmit={submit} mode="onChange" noValidate>
        <CardContent sx={{ width: 300, pb: 2 }}>
          {challengeId ? (
            <>
              <Typography variant="body2" sx={{ mb: 1 }}>
                {translate('console.security.code_prompt')}
              </Typography>
              <TextInput
                autoFocus
                source="code"
                label="console.security.code"
                autoComplete="one-time-code"
                inputMode="numeric"
                validate={required()}
              />
            </>
          ) : (
            <>
              <TextInput
                autoFocus
                source="email"
                label={translate('ra.auth.email', { _: 'Email' })}
                autoComplete="email"
                type="email"
                validate={required()}
              />
              <PasswordInput
                source="password"
                label={translate('ra.auth.password', { _: 'Password' })}
                autoComplete="current-password"
                validate={required()}
              />
            </>
          )}
          <Button variant="contained" type="submit" color="primary" disabled={loading} fullWidth sx={{ mt: 2 }}>
            {loading ? <CircularProgress size={19} thickness={3} /> : translate('ra.auth.sign_in')}
          </Button>
        </CardContent>
      </Form>
    </Login>
  );
};
