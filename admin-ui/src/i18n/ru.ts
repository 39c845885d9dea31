import russianMessages from 'ra-language-russian';
import type { TranslationMessages } from 'react-admin';

/** The console's own messages; `en.ts` must translate every one of them (see ConsoleMessages). */
const consoleMessages = {
  console: {
    all: 'Все',
    open_in_temporal: 'Открыть в Temporal',
    auth: {
      session_expired: 'Сессия истекла, войдите снова',
    },
    reasons: {
      intermediary_letter: 'Посредник: проверьте письмо агентства',
      several_active_contracts: 'В реестре несколько действующих договоров',
      agency_not_in_registry: 'Агентства нет в реестре договоров',
      contract_not_in_registry: 'Договора нет в реестре',
      subagency_name_mismatch: 'Название субагентства не совпадает с реестром',
      contract_terminated: 'Договор расторгнут',
      confirmation_timeout: 'Email не подтверждён вовремя',
    },
    documents: {
      download: 'Скачать',
      failed: 'Не удалось загрузить документ',
      no_viewer: 'Браузер не может показать этот файл: скачайте его.',
      none: 'Документов нет',
      kinds: {
        intermediary_letter: 'Письмо агентства',
      },
    },
  },
  resources: {
    reviews: {
      name: 'Проверка |||| Проверки |||| Проверок',
      fields: {
        created_at: 'Поступила',
        participant_name: 'Участник',
        email: 'Email',
        contract_path: 'Тип участия',
        review_reason: 'Почему на проверке',
        registry_hint: 'Что нашлось в реестре',
        status: 'Статус',
        decided_at: 'Решение принято',
        decided_by_name: 'Кто решил',
        decision_reason: 'Причина отказа',
        form: {
          last_name: 'Фамилия',
          first_name: 'Имя',
          email: 'Email',
          contract_path: 'Тип участия',
          agency_name: 'Агентство',
          agency_inn: 'ИНН агентства',
          contract_number: 'Номер договора',
          subagency_legal_name: 'Юридическое название субагентства',
        },
      },
      status: {
        open: 'Ждёт решения',
        approved: 'Одобрена',
        rejected: 'Отклонена',
        cancelled: 'Отменена',
      },
      sections: {
        review: 'Проверка',
        decision: 'Решение',
        form: 'Данные регистрации',
        documents: 'Документы',
      },
      actions: {
        approve: 'Одобрить',
        reject: 'Отклонить',
      },
      reject_dialog: {
        title: 'Отклонить регистрацию',
        hint: 'Участник получит эту причину в письме.',
      },
      notifications: {
        approved: 'Регистрация одобрена',
        rejected: 'Регистрация отклонена',
        already_decided: 'По этой заявке решение уже принято',
      },
    },
    participants: {
      name: 'Участник |||| Участники |||| Участников',
      fields: {
        member_number: 'Номер участника',
        full_name: 'Участник',
        last_name: 'Фамилия',
        first_name: 'Имя',
        email: 'Email',
        status: 'Статус',
        balance: 'Баланс',
        contract_path: 'Тип участия',
        agency_name: 'Агентство',
        agency_inn: 'ИНН агентства',
        contract_number: 'Номер договора',
        subagency_legal_name: 'Юридическое название субагентства',
        registered_at: 'Регистрация',
        confirmed_at: 'Email подтверждён',
        activated_at: 'Активирован',
        end_reason: 'Причина завершения',
        workflow_id: 'Процесс (workflow)',
      },
      status: {
        pending_confirmation: 'Ждёт подтверждения email',
        pending_verification: 'На проверке',
        active: 'Активен',
        rejected: 'Отклонён',
        expired: 'Не подтверждён',
      },
      contract_paths: {
        agent: 'Агент',
        subagent: 'Субагент',
        intermediary: 'Посредник',
      },
      tabs: {
        summary: 'Участник',
        documents: 'Документы',
        reviews: 'Проверки',
        mail: 'Письма',
      },
      actions: {
        open: 'Карточка участника',
        resend_confirmation: 'Отправить ссылку ещё раз',
      },
      notifications: {
        confirmation_resent: 'Новая ссылка для подтверждения отправлена',
      },
    },
    mail: {
      name: 'Письмо |||| Письма |||| Писем',
      fields: {
        created_at: 'Создано',
        to_address: 'Кому',
        kind: 'Вид',
        subject: 'Тема',
        sent_at: 'Отправлено',
        body_text: 'Текст',
      },
      kinds: {
        confirmation: 'Подтверждение email',
        welcome: 'Приветствие',
        rejection: 'Отказ',
      },
      not_sent: 'Ещё не отправлено',
    },
    contracts: {
      name: 'Договор |||| Договоры |||| Договоров',
      fields: {
        contract_number: 'Номер договора',
        contract_type: 'Тип',
        inn: 'ИНН',
        legal_name: 'Юридическое название',
        status: 'Статус',
        imported_at: 'Загружен',
      },
      types: {
        agent: 'Агентский',
        subagent: 'Субагентский',
      },
      status: {
        active: 'Действует',
        terminated: 'Расторгнут',
      },
      import: {
        button: 'Загрузить CSV',
        confirm_title: 'Заменить реестр договоров?',
        confirm_content:
          'Реестр будет целиком заменён содержимым файла «%{filename}». Колонки: contract_number, contract_type, inn, legal_name, status.',
        confirm: 'Заменить',
        done: 'Загружен %{smart_count} договор |||| Загружено %{smart_count} договора |||| Загружено %{smart_count} договоров',
        failed: 'Реестр не загружен: %{error}',
      },
    },
    audit: {
      name: 'Событие журнала |||| Журнал действий |||| Событий журнала',
      fields: {
        at: 'Когда',
        actor_label: 'Кто',
        action: 'Действие',
        subject_type: 'Объект',
        subject_id: 'Id объекта',
        details: 'Подробности',
      },
      actions: {
        staff: {
          sign_in: 'Вход в консоль',
          sign_out: 'Выход из консоли',
          create: 'Сотрудник добавлен',
        },
        api_key: {
          create: 'API-ключ выпущен',
          revoke: 'API-ключ отозван',
        },
        contracts: {
          import: 'Реестр договоров загружен',
        },
        participant: {
          resend_confirmation: 'Ссылка подтверждения отправлена повторно',
        },
        review: {
          approve: 'Регистрация одобрена',
          reject: 'Регистрация отклонена',
        },
      },
    },
    staff: {
      name: 'Сотрудник |||| Сотрудники |||| Сотрудников',
      fields: {
        email: 'Email',
        name: 'Имя',
        role: 'Роль',
        password: 'Пароль (не короче 12 символов)',
        created_at: 'Добавлен',
      },
      roles: {
        support: 'Поддержка',
        admin: 'Администратор',
      },
    },
    'api-keys': {
      name: 'API-ключ |||| API-ключи |||| API-ключей',
      fields: {
        name: 'Клиент',
        key_prefix: 'Начало ключа',
        created_at: 'Выпущен',
        revoked_at: 'Отозван',
      },
      helper: {
        name: 'Кто будет пользоваться ключом, например «Платформа вебинаров»',
      },
      actions: {
        revoke: 'Отозвать',
      },
      revoke_confirm: {
        title: 'Отозвать ключ «%{name}»?',
        content: 'Запросы с этим ключом сразу перестанут приниматься. Отменить это нельзя.',
      },
      notifications: {
        revoked: 'Ключ отозван',
      },
      created_dialog: {
        title: 'Ключ для «%{name}» выпущен',
        once: 'Скопируйте ключ сейчас: он показывается один раз и больше нигде не хранится.',
        key: 'API-ключ',
        copy: 'Копировать',
        copied: 'Ключ скопирован',
      },
    },
  },
};

export type ConsoleMessages = typeof consoleMessages;

const messages: TranslationMessages = { ...russianMessages, ...consoleMessages };

export default messages;
