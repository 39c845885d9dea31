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

// ---- A3: donations and A6: the phone -----------------------------------------------------------

/** A3: the receipt of a completed donation. Points are not money (R18): the receipt says so. */
export const donationReceiptLetter = (
  firstName: string,
  d: { fundName: string; points: number; donationId: string; completedAt: Date; memberNumber: string | null },
): Letter => ({
  subject: `Квитанция о пожертвовании: ${d.points} баллов в фонд «${d.fundName}»`,
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    `Спасибо! Вы передали ${d.points} баллов в благотворительный фонд «${d.fundName}».`,
    '',
    `Номер пожертвования: ${d.donationId}`,
    ...(d.memberNumber ? [`Номер участника: ${d.memberNumber}`] : []),
    `Дата: ${utc(d.completedAt)}`,
    '',
    'Пожертвование окончательное: баллы не возвращаются на ваш счёт.',
  ].join('\n'),
});

/** A6: the sign-in code by SMS: short, and without the name (a text message is read on a lock screen). */
export const signInCodeSms = (code: string, expiresAt: Date): Letter => ({
  subject: 'Код для входа (SMS)',
  text: `Код для входа в бонусную программу: ${code}. Действует до ${utc(expiresAt)}. Никому его не сообщайте.`,
});

/** A6: the phone of the account changed (or was removed): the participant hears of it at the registered email. */
export const phoneChangedLetter = (firstName: string, phone: string | null): Letter => ({
  subject: phone ? 'Номер телефона в бонусной программе изменён' : 'Номер телефона удалён из бонусной программы',
  text: [
    `Здравствуйте, ${firstName}!`,
    '',
    phone
      ? `В вашей учётной записи указан номер телефона ${phone}: по нему можно входить в программу, и на него приходят коды для входа.`
      : 'Номер телефона удалён из вашей учётной записи: коды для входа приходят на этот адрес.',
    '',
    'Если вы этого не делали, смените пароль и напишите в поддержку.',
  ].join('\n'),
});

// ---- corporate applications (A7): to the organisation's contact person ----------------------------

export const applicationReminderLetter = (contactName: string, legalName: string, number: string): Letter => ({
  subject: `Заявка № ${number}: не хватает документов`,
  text: [
    `Здравствуйте, ${contactName}!`,
    '',
    `Заявка ${legalName} на участие в бонусной программе для турагентов ждёт подписанных документов:`,
    'заявления на бланке организации и договора, подписанных руководителем (PDF).',
    'Загрузите их, пока заявка не закрылась.',
  ].join('\n'),
});

export const applicationApprovedLetter = (contactName: string, legalName: string, number: string, contractNumber: string): Letter => ({
  subject: `Заявка № ${number} одобрена`,
  text: [
    `Здравствуйте, ${contactName}!`,
    '',
    `Заявка ${legalName} на участие в бонусной программе для турагентов одобрена.`,
    `Номер договора: ${contractNumber}.`,
    '',
    'Сотрудники вашего агентства могут регистрироваться в программе, указав ИНН агентства;',
    'те, кто уже зарегистрировался и ждал проверки, подтверждены.',
  ].join('\n'),
});

export const applicationRejectedLetter = (contactName: string, legalName: string, number: string, reason: string): Letter => ({
  subject: `Заявка № ${number} отклонена`,
  text: [
    `Здравствуйте, ${contactName}!`,
    '',
    `К сожалению, заявка ${legalName} на участие в бонусной программе для турагентов отклонена.`,
    `Причина: ${reason}`,
    '',
    'Если это ошибка или вы исправили замечания, подайте заявку снова.',
  ].join('\n'),
});

// ---- status tiers (A1) --------------------------------------------------------------------------

/**
 * A1: the participant's tier changed: reached by crossing a threshold, or reassessed at a period's
 * end. Names are the tiers' Russian names from the terms; `through` the last day it holds.
 */
export const tierChangeLetter = (
  firstName: string,
  change: { from: string | null; to: string | null; reason: 'threshold' | 'period_end'; through: string | null },
): Letter => {
  const up = change.reason === 'threshold';
  const subject = change.to === null ? 'Статус в бонусной программе не подтверждён' : `Ваш статус в бонусной программе: ${change.to}`;
  const what = up
    ? `Поздравляем! Вы набрали квалификационные баллы и получили статус «${change.to}».`
    : change.to === null
      ? `По итогам квалификационного периода статус «${change.from}» не подтверждён.`
      : change.from === null
        ? `По итогам квалификационного периода вам присвоен статус «${change.to}».`
        : `По итогам квалификационного периода ваш статус изменён: «${change.from}» → «${change.to}».`;
  return {
    subject,
    text: [
      `Здравствуйте, ${firstName}!`,
      '',
      what,
      ...(change.to !== null && change.through ? [`Статус действует по ${change.through} включительно.`] : []),
      '',
      change.to === null
        ? 'Участвуйте в вебинарах и проходите тесты: статус можно получить снова в любой момент периода.'
        : 'Статус даёт дополнительные баллы за вебинары и курсы и доступ к товарам и услугам для вашего статуса.',
    ].join('\n'),
  };
};
