/** The texts participants receive, in Russian: the program's language. */
export interface Letter {
  subject: string;
  text: string;
}

export const confirmationLetter = (firstName: string, link: string, expiresAt: Date): Letter => ({
  subject: 'Подтвердите адрес электронной почты',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'Вы зарегистрировались в бонусной программе для турагентов. Чтобы подтвердить адрес',
    'и задать пароль, перейдите по ссылке:',
    '',
    link,
    '',
    `Ссылка действует до ${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC и работает один раз.`,
    'Если вы не регистрировались, просто проигнорируйте это письмо.',
  ].join('\n'),
});

export const welcomeLetter = (firstName: string, memberNumber: string, points: number): Letter => ({
  subject: 'Добро пожаловать в бонусную программу',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    `Ваша регистрация подтверждена. Номер участника: ${memberNumber}.`,
    `На ваш счёт начислено ${points} приветственных баллов.`,
  ].join('\n'),
});

export const rejectionLetter = (firstName: string, reason: string): Letter => ({
  subject: 'Регистрация в бонусной программе не подтверждена',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'К сожалению, мы не смогли подтвердить договор вашего агентства с туроператором.',
    `Причина: ${reason}`,
    '',
    'Если это ошибка, ответьте на это письмо или зарегистрируйтесь снова с верными данными.',
  ].join('\n'),
});

export const expiryNoticeLetter = (firstName: string, points: number, day: string): Letter => ({
  subject: `${points} баллов сгорят ${day}`,
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    `${points} баллов на вашем счёте сгорят ${day} (UTC): у каждого начисления свой срок действия.`,
    'Успейте обменять их на подарки в каталоге программы.',
  ].join('\n'),
});
