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

export const emailChangeReminderLetter = (firstName: string): Letter => ({
  subject: 'Смена адреса: не хватает документов',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'Для смены адреса электронной почты нужны два документа: письмо на бланке нового агентства',
    'и копия трудовой книжки (или выписка о трудовой деятельности), где видна смена работодателя.',
    'Загрузите их, пока заявка не закрылась.',
  ].join('\n'),
});

export const emailChangeConfirmationLetter = (firstName: string, link: string, expiresAt: Date): Letter => ({
  subject: 'Подтвердите новый адрес электронной почты',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'Смена адреса в бонусной программе одобрена. Чтобы этот адрес стал вашим логином, перейдите по ссылке:',
    '',
    link,
    '',
    `Ссылка действует до ${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC и работает один раз.`,
    'Баллы, история и номер участника сохраняются.',
  ].join('\n'),
});

// ---- participant sign-in (A6, R14) and password reset (R25): sent by the API, not by workflows ----

const utc = (at: Date) => `${at.toISOString().replace('T', ' ').slice(0, 16)} UTC`;

export const signInCodeLetter = (firstName: string, code: string, expiresAt: Date): Letter => ({
  subject: 'Код для входа в бонусную программу',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'Код для входа в бонусную программу:',
    '',
    code,
    '',
    `Код действует до ${utc(expiresAt)} и работает один раз.`,
    'Если вы не входили в программу, смените пароль: кто-то знает ваш пароль.',
  ].join('\n'),
});

export const newDeviceLetter = (firstName: string, device: string, at: Date): Letter => ({
  subject: 'Вход в бонусную программу с нового устройства',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    `В ${utc(at)} в вашу учётную запись вошли с нового устройства: ${device}.`,
    '',
    'Если это были вы, ничего делать не нужно. Если нет, смените пароль и завершите чужие сеансы:',
    'учётная запись личная, передавать её другим нельзя.',
  ].join('\n'),
});

export const passwordResetLetter = (firstName: string, link: string, expiresAt: Date): Letter => ({
  subject: 'Восстановление пароля',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'Чтобы задать новый пароль для бонусной программы, перейдите по ссылке:',
    '',
    link,
    '',
    `Ссылка действует до ${utc(expiresAt)} и работает один раз.`,
    'Если вы не просили сменить пароль, просто проигнорируйте это письмо.',
  ].join('\n'),
});

export const passwordChangedLetter = (firstName: string): Letter => ({
  subject: 'Пароль изменён',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    'Пароль для бонусной программы изменён; все открытые сеансы завершены.',
    'Если вы этого не делали, сразу напишите в поддержку.',
  ].join('\n'),
});
