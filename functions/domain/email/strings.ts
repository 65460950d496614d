/** Localized copy. English is the fallback for any locale we lack. */
import type { Channel } from '../feedback-event';

export interface EmailStrings {
  gratitudeSubject: string;
  gratitudeOpening: string;
  gratitudeBody: string;
  recoverySubject: string;
  recoveryOpening: string;
  /** Who follows up: a named person when the brand has one, else "a member of our team". */
  recoveryBody: (contact: string | undefined) => string;
  /** Introduces the customer's quoted words, naming where they wrote them. */
  youWroteIn: Record<Channel, string>;
  greeting: (name: string | undefined) => string;
  offer: { gratitude: string; recovery: string };
  reviewPrompt: string;
  reviewLink: string;
  bookingPrompt: string;
  bookingLink: string;
  footer: string;
  unsubscribe: string;
}

const en: EmailStrings = {
  gratitudeSubject: 'Thank you for your feedback',
  gratitudeOpening: 'Thank you — it means a lot to hear this.',
  gratitudeBody: 'Feedback like yours tells our team what to keep doing. We are glad we could help.',
  recoverySubject: 'We are sorry — and we want to make it right',
  recoveryOpening: 'We are sorry we let you down.',
  recoveryBody: (contact) =>
    contact
      ? `${contact} from our team has read your feedback and will follow up personally. Simply reply to this email to reach ${contact} directly.`
      : 'A member of our team has read your feedback and will follow up personally. Simply reply to this email to reach them directly.',
  youWroteIn: {
    survey: 'In our survey, you wrote',
    support_ticket: 'In your support ticket, you wrote',
    chat: 'In our chat, you wrote',
    email: 'In your email, you wrote',
    sms: 'In your text message, you wrote',
    review: 'In your review, you wrote',
    social: 'In your post, you wrote',
  },
  greeting: (name) => (name ? `Hi ${name},` : 'Hi,'),
  offer: { gratitude: 'As a thank-you, here is a code for your next order:', recovery: 'As an apology, please accept this code for your next order:' },
  reviewPrompt: 'Would you share your experience with others?',
  reviewLink: 'Leave a review',
  bookingPrompt: 'Prefer to talk it through?',
  bookingLink: 'Book a call with us',
  footer: 'You are receiving this email because you shared feedback with us.',
  unsubscribe: 'Unsubscribe',
};

export const STRINGS: Record<string, EmailStrings> = {
  en,
  es: {
    gratitudeSubject: 'Gracias por tu opinión',
    gratitudeOpening: 'Gracias: nos alegra mucho leer esto.',
    gratitudeBody: 'Opiniones como la tuya le dicen a nuestro equipo qué seguir haciendo.',
    recoverySubject: 'Lo sentimos, y queremos solucionarlo',
    recoveryOpening: 'Sentimos mucho haberte fallado.',
    recoveryBody: (contact) =>
      contact
        ? `${contact}, de nuestro equipo, ha leído tu opinión y te contactará personalmente. Responde a este correo para hablar directamente con ${contact}.`
        : 'Una persona de nuestro equipo ha leído tu opinión y te contactará personalmente. Responde a este correo para hablar con ella directamente.',
    youWroteIn: {
      survey: 'En nuestra encuesta escribiste',
      support_ticket: 'En tu solicitud de soporte escribiste',
      chat: 'En nuestro chat escribiste',
      email: 'En tu correo escribiste',
      sms: 'En tu mensaje de texto escribiste',
      review: 'En tu reseña escribiste',
      social: 'En tu publicación escribiste',
    },
    greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
    offer: { gratitude: 'Como agradecimiento, aquí tienes un código para tu próximo pedido:', recovery: 'Para disculparnos, acepta este código para tu próximo pedido:' },
    reviewPrompt: '¿Compartirías tu experiencia con otras personas?',
    reviewLink: 'Escribir una reseña',
    bookingPrompt: '¿Prefieres hablarlo?',
    bookingLink: 'Reserva una llamada',
    footer: 'Recibes este correo porque nos diste tu opinión.',
    unsubscribe: 'Darse de baja',
  },
  fr: {
    gratitudeSubject: 'Merci pour votre avis',
    gratitudeOpening: 'Merci, cela nous fait vraiment plaisir.',
    gratitudeBody: 'Des retours comme le vôtre disent à notre équipe ce qu’elle doit continuer à faire.',
    recoverySubject: 'Nous sommes désolés et voulons arranger les choses',
    recoveryOpening: 'Nous sommes désolés de vous avoir déçu.',
    recoveryBody: (contact) =>
      contact
        ? `${contact}, de notre équipe, a lu votre message et vous recontactera personnellement. Répondez simplement à cet e-mail pour joindre ${contact} directement.`
        : 'Un membre de notre équipe a lu votre message et vous recontactera personnellement. Répondez simplement à cet e-mail pour le joindre.',
    youWroteIn: {
      survey: 'Dans notre questionnaire, vous avez écrit',
      support_ticket: 'Dans votre demande d’assistance, vous avez écrit',
      chat: 'Dans notre chat, vous avez écrit',
      email: 'Dans votre e-mail, vous avez écrit',
      sms: 'Dans votre SMS, vous avez écrit',
      review: 'Dans votre avis, vous avez écrit',
      social: 'Dans votre publication, vous avez écrit',
    },
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    offer: { gratitude: 'Pour vous remercier, voici un code pour votre prochaine commande :', recovery: 'Pour nous excuser, voici un code pour votre prochaine commande :' },
    reviewPrompt: 'Voudriez-vous partager votre expérience ?',
    reviewLink: 'Laisser un avis',
    bookingPrompt: 'Vous préférez en parler ?',
    bookingLink: 'Réserver un appel',
    footer: 'Vous recevez cet e-mail parce que vous nous avez donné votre avis.',
    unsubscribe: 'Se désabonner',
  },
  de: {
    gratitudeSubject: 'Danke für Ihr Feedback',
    gratitudeOpening: 'Vielen Dank – das freut uns sehr.',
    gratitudeBody: 'Rückmeldungen wie Ihre zeigen unserem Team, was es weiter so machen soll.',
    recoverySubject: 'Es tut uns leid – wir möchten es wiedergutmachen',
    recoveryOpening: 'Es tut uns leid, dass wir Sie enttäuscht haben.',
    recoveryBody: (contact) =>
      contact
        ? `${contact} aus unserem Team hat Ihr Feedback gelesen und meldet sich persönlich. Antworten Sie einfach auf diese E-Mail, um ${contact} direkt zu erreichen.`
        : 'Jemand aus unserem Team hat Ihr Feedback gelesen und meldet sich persönlich. Antworten Sie einfach auf diese E-Mail.',
    youWroteIn: {
      survey: 'In unserer Umfrage schrieben Sie',
      support_ticket: 'In Ihrer Support-Anfrage schrieben Sie',
      chat: 'In unserem Chat schrieben Sie',
      email: 'In Ihrer E-Mail schrieben Sie',
      sms: 'In Ihrer SMS schrieben Sie',
      review: 'In Ihrer Bewertung schrieben Sie',
      social: 'In Ihrem Beitrag schrieben Sie',
    },
    greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    offer: { gratitude: 'Als Dankeschön erhalten Sie einen Code für Ihre nächste Bestellung:', recovery: 'Als Entschuldigung erhalten Sie einen Code für Ihre nächste Bestellung:' },
    reviewPrompt: 'Möchten Sie Ihre Erfahrung mit anderen teilen?',
    reviewLink: 'Bewertung schreiben',
    bookingPrompt: 'Lieber persönlich sprechen?',
    bookingLink: 'Gespräch vereinbaren',
    footer: 'Sie erhalten diese E-Mail, weil Sie uns Feedback gegeben haben.',
    unsubscribe: 'Abmelden',
  },
  pt: {
    gratitudeSubject: 'Obrigado pelo seu feedback',
    gratitudeOpening: 'Obrigado — ficamos muito felizes em saber disso.',
    gratitudeBody: 'Opiniões como a sua mostram à nossa equipe o que continuar fazendo.',
    recoverySubject: 'Sentimos muito — e queremos resolver',
    recoveryOpening: 'Sentimos muito por ter decepcionado você.',
    recoveryBody: (contact) =>
      contact
        ? `${contact}, da nossa equipe, leu sua mensagem e entrará em contato pessoalmente. Basta responder a este e-mail para falar diretamente com ${contact}.`
        : 'Uma pessoa da nossa equipe leu sua mensagem e entrará em contato pessoalmente. Basta responder a este e-mail.',
    youWroteIn: {
      survey: 'Na nossa pesquisa, você escreveu',
      support_ticket: 'No seu chamado de suporte, você escreveu',
      chat: 'No nosso chat, você escreveu',
      email: 'No seu e-mail, você escreveu',
      sms: 'Na sua mensagem de texto, você escreveu',
      review: 'Na sua avaliação, você escreveu',
      social: 'Na sua publicação, você escreveu',
    },
    greeting: (name) => (name ? `Olá, ${name},` : 'Olá,'),
    offer: { gratitude: 'Como agradecimento, aqui está um código para o seu próximo pedido:', recovery: 'Como pedido de desculpas, aceite este código para o seu próximo pedido:' },
    reviewPrompt: 'Você compartilharia sua experiência com outras pessoas?',
    reviewLink: 'Deixar uma avaliação',
    bookingPrompt: 'Prefere conversar?',
    bookingLink: 'Agende uma ligação',
    footer: 'Você está recebendo este e-mail porque nos deu seu feedback.',
    unsubscribe: 'Cancelar inscrição',
  },
};

/** The language we write to someone in: theirs when we have copy for it, else English. */
export function languageFor(locale: string | undefined): string {
  const lang = locale?.slice(0, 2).toLowerCase();
  return lang && STRINGS[lang] ? lang : 'en';
}

export const stringsFor = (locale: string | undefined): EmailStrings => STRINGS[languageFor(locale)] ?? en;
