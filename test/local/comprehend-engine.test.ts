/**
 * The local engine's behaviour on examples the team wrote (never taken from the benchmark data
 * sets). With the tune split of local/comprehend/devset they are what the rules were tuned on;
 * test/local/comprehend-accuracy.test.ts measures the check split.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { devsetSplit, trainingRows } from '../../local/comprehend/devset';
import { detectDominantLanguage, detectSentiment, ruleReading, type SentimentLabel } from '../../local/comprehend/engine';
import { decodeWeights, encodeWeights } from '../../local/comprehend/fallback';
import { statedRating } from '../../local/comprehend/ratings';

const label = (text: string, language = 'en'): SentimentLabel => detectSentiment(text, language).Sentiment;

type Case = readonly [text: string, expected: SentimentLabel];

function table(cases: readonly Case[], language = 'en'): void {
  it.each(cases)('%s → %s', (text, expected) => {
    expect(label(text, language)).toBe(expected);
  });
}

describe('English', () => {
  describe('plain polarity', () =>
    table([
      ['The agent was lovely and sorted it out in minutes.', 'POSITIVE'],
      ['Great flight, friendly crew, landed early!', 'POSITIVE'],
      ['Best customer service I have had in years.', 'POSITIVE'],
      ['Highly recommend, worth every penny.', 'POSITIVE'],
      ['Solid product, does exactly what it says.', 'POSITIVE'],
      ['Worst experience ever.', 'NEGATIVE'],
      ['The app keeps crashing every time I open it.', 'NEGATIVE'],
      ['It stopped working after a week.', 'NEGATIVE'],
      ['The app is clunky and the support unhelpful.', 'NEGATIVE'],
      ['Bland food and overpriced drinks.', 'NEGATIVE'],
    ]));

  describe('negation', () =>
    table([
      ['Not bad at all, would order again.', 'POSITIVE'],
      ['The staff were not helpful.', 'NEGATIVE'],
      ['I would not recommend this to anyone.', 'NEGATIVE'],
      ["Don't waste your money on this.", 'NEGATIVE'],
      ['Not worth the price.', 'NEGATIVE'],
      ['It was never good.', 'NEGATIVE'],
      ['This could have been a great movie.', 'NEGATIVE'],
      ['No complaints at all.', 'POSITIVE'],
      ["Can't wait to fly with you again!", 'POSITIVE'],
      ["Couldn't be happier with the new sofa.", 'POSITIVE'],
      ["The courier didn't show up.", 'NEGATIVE'],
      ['My parcel never arrived.', 'NEGATIVE'],
    ]));

  describe('customer-service complaints without strong words', () =>
    table([
      ['Still waiting for my refund after three weeks.', 'NEGATIVE'],
      ['On hold for 2 hours and nobody picked up.', 'NEGATIVE'],
      ['My bag is lost and no one will tell me anything.', 'NEGATIVE'],
      ['Thanks for nothing.', 'NEGATIVE'],
      ["Thanks, but my order still hasn't arrived.", 'NEGATIVE'],
      ['Why is my flight delayed again?', 'NEGATIVE'],
      ['Never again.', 'NEGATIVE'],
    ]));

  describe('requests and questions are neutral', () =>
    table([
      ['Can you help me change my seat?', 'NEUTRAL'],
      ['What time does the store open on Sunday?', 'NEUTRAL'],
      ['Is there a good way to reach support?', 'NEUTRAL'],
      ['Do you have any good deals to Boston next week?', 'NEUTRAL'],
      ['Please send me the invoice for order 1234.', 'NEUTRAL'],
      ['I ordered the blue one in size M.', 'NEUTRAL'],
      ["I'd like to update my email address.", 'NEUTRAL'],
    ]));

  describe('contrast and MIXED', () =>
    table([
      ['The agent was lovely but the product broke twice.', 'MIXED'],
      ['I love the design, but the battery life is awful.', 'MIXED'],
      ['Great food, terrible service.', 'MIXED'],
      ['Friendly staff. The room was filthy though.', 'MIXED'],
      ['It was a bit slow but the result is perfect.', 'POSITIVE'],
      ['The room was nice but the noise was unbearable and the staff were rude.', 'NEGATIVE'],
    ]));

  describe('emoji and emoticons', () =>
    table([
      ['Thanks so much for the quick refund 🙏', 'POSITIVE'],
      ['I love this app ❤️', 'POSITIVE'],
      ['Smooth check-in and the bags arrived first :)', 'POSITIVE'],
      ['delivered 😍😍', 'POSITIVE'],
      ['Really disappointed :(', 'NEGATIVE'],
      ['my order 😡😡😡', 'NEGATIVE'],
      ['waited 40 min for a coffee 🙄', 'NEGATIVE'],
      ['👍🏽', 'POSITIVE'],
    ]));

  describe('everyday feedback', () =>
    table([
      ['The checkout was quick and painless.', 'POSITIVE'],
      ['Five stars, would buy again.', 'POSITIVE'],
      ['Exactly as described, arrived on time.', 'POSITIVE'],
      ['Customer support went above and beyond.', 'POSITIVE'],
      ['I was charged twice and nobody will refund me.', 'NEGATIVE'],
      ['The screen cracked within a day.', 'NEGATIVE'],
      ['Not impressed.', 'NEGATIVE'],
      ['It does the job.', 'NEUTRAL'],
      // A customer chasing an order is complaining, even in four words (see 'questions that are complaints').
      ['Where is my order?', 'NEGATIVE'],
      ['Can I return an item bought in store?', 'NEUTRAL'],
      ['I never had a problem with them.', 'POSITIVE'],
      ['The food was cold and the waiter ignored us.', 'NEGATIVE'],
      ['Nothing special.', 'NEGATIVE'],
      ['Absolutely terrible, avoid.', 'NEGATIVE'],
      ['Fantastic value for money!!!', 'POSITIVE'],
      ['The hotel was great, though breakfast was disappointing.', 'MIXED'],
      ['Love it 😍', 'POSITIVE'],
      ['Why does nobody answer the phone?', 'NEGATIVE'],
      ['Thank you!', 'POSITIVE'],
      ['Thanks for the quick reply, it works now.', 'POSITIVE'],
      ['Still broken after the update.', 'NEGATIVE'],
      ['The staff could not have been nicer.', 'POSITIVE'],
      ['Delivery was late but the product is amazing.', 'POSITIVE'],
      ['Great product, terrible delivery.', 'MIXED'],
      ['I want a refund.', 'NEGATIVE'],
      ['Please call me back about my claim.', 'NEUTRAL'],
    ]));

  describe('politeness that carries a complaint', () =>
    table([
      ["I'd appreciate an update on my refund, it has been three weeks.", 'NEGATIVE'],
      ['I would be grateful if someone could finally look into my complaint.', 'NEGATIVE'],
      ['Kindly reverse the fee charged in error on my account.', 'NEGATIVE'],
      ['I would be thankful if my broadband could be fixed before the end of the month.', 'NEGATIVE'],
      // A request framed as thanks with nothing wrong in it is still just a request.
      ["I'd appreciate a call back this afternoon.", 'NEUTRAL'],
      ['Thank you, that was really helpful.', 'POSITIVE'],
    ]));

  describe('questions that are complaints', () =>
    table([
      ['How many times do I have to explain the same problem?', 'NEGATIVE'],
      ['Is anyone actually going to respond to my ticket?', 'NEGATIVE'],
      ['What is the point of express shipping if it arrives late anyway?', 'NEGATIVE'],
      ['How is it possible that a transfer takes a week?', 'NEGATIVE'],
      ['How do I add a second admin to our workspace?', 'NEUTRAL'],
    ]));

  describe('factual text stays neutral', () =>
    table([
      ['I changed my address last week.', 'NEUTRAL'],
      ['I returned the item using the prepaid label on Tuesday.', 'NEUTRAL'],
      ['Our account is on the credit plan with interest paid monthly.', 'NEUTRAL'],
      ['Please cancel the trial on my account.', 'NEUTRAL'],
      ['We stayed three nights in room 412.', 'NEUTRAL'],
    ]));

  describe('degree words', () =>
    table([
      ['Best outdoor shop in town.', 'POSITIVE'],
      ['Worst provider in the country.', 'NEGATIVE'],
      ['The friendliest staff we have met.', 'POSITIVE'],
      ['The rudest agent I have spoken to.', 'NEGATIVE'],
      ['Finally a company that actually listens!', 'POSITIVE'],
      ['The only thing that arrived on time was the bill.', 'NEGATIVE'],
      ['Only one till open on a Saturday.', 'NEGATIVE'],
      ['The least helpful answer possible.', 'NEGATIVE'],
      ['Far too expensive for what you get.', 'NEGATIVE'],
    ]));

  describe('negation of service outcomes', () =>
    table([
      ['The engineer never turned up.', 'NEGATIVE'],
      ['Support closed my ticket without fixing anything.', 'NEGATIVE'],
      ['My issue is still not resolved.', 'NEGATIVE'],
      ['Problem fixed in ten minutes, thanks!', 'POSITIVE'],
      ['No issues at all, will order again.', 'POSITIVE'],
      ['I will never order from here again.', 'NEGATIVE'],
      ['Bill went up without warning.', 'NEGATIVE'],
    ]));

  describe('waits and irony', () =>
    table([
      ['The transfer has been pending for five days.', 'NEGATIVE'],
      ['Great, another automated reply that tells me nothing.', 'NEGATIVE'],
      ['Thanks for delivering my package to the wrong address, again.', 'NEGATIVE'],
      ['Thanks for the quick reply.', 'POSITIVE'],
      ['Hassle-free returns.', 'POSITIVE'],
    ]));

  // The service markers of 1.4.0 (docs/sentiment.md): read by the rules alone, each fails without its rule.
  describe('service markers (rules alone)', () => {
    const cases: readonly Case[] = [
      // A quick answer is praise to the rules. Since 1.6.0 the learned model reads this one as a
      // complaint ("refund", "call", "hour" are complaint words in most of its training texts) and
      // turns it: a known cost of letting it overrule (docs/sentiment.md, 1.6.0).
      ['Refund arrived within an hour of my call.', 'POSITIVE'],
      ['Internet down again.', 'NEGATIVE'],
      ['We would definitely book again.', 'POSITIVE'],
      ['Does anyone even read these emails?', 'NEGATIVE'],
      ['Any update on my claim?', 'NEGATIVE'],
      ['Just wondering when my parcel will actually turn up.', 'NEGATIVE'],
      ['When will the new branch open?', 'NEUTRAL'],
      ['Made four phone calls to get the fee removed.', 'NEGATIVE'],
      ['I made two calls today about the new plan.', 'NEUTRAL'],
      ['The router has been on order for weeks.', 'NEGATIVE'],
      ['They replaced the charger for free.', 'POSITIVE'],
      ['Swapped it at no extra cost.', 'POSITIVE'],
      ['They refunded the difference without me asking.', 'POSITIVE'],
      ['No appointment needed.', 'POSITIVE'],
      ['Card replaced within minutes.', 'POSITIVE'],
      ['Moving was stress free.', 'POSITIVE'],
      ['The new app makes paying bills much less confusing.', 'POSITIVE'],
    ];
    it.each(cases)('%s → %s', (text, expected) => {
      expect(ruleReading(text, 'en').rule).toBe(expected);
    });

    // 1.5.0 (docs/sentiment.md, 1.5.0): new examples, written for the tests, not taken from the dev set.
    it.each([
      ['The switch went quicker than I dreaded.', 'POSITIVE'],
      ['Checkout was faster than we feared.', 'POSITIVE'],
      ['The engineer sorted our broken heating the same afternoon.', 'POSITIVE'],
      ['Support replaced my faulty headset straight away.', 'POSITIVE'],
      ['My faulty headset was never replaced.', 'NEGATIVE'],
    ] as const)('1.5.0: %s → %s', (text, expected) => {
      expect(ruleReading(text, 'en').rule).toBe(expected);
    });

    it('"for free" under a negation is not praise', () => {
      expect(ruleReading("I wouldn't take it even for free.", 'en').rule).not.toBe('POSITIVE');
    });
  });

  describe('learned fallback', () => {
    it('was trained on the tune split as it is now (npm run train:sentiment after changing the dev set or the rules)', () => {
      const file = JSON.parse(readFileSync(new URL('../../local/comprehend/fallback-weights.json', import.meta.url), 'utf8')) as { trainedOn: { rows: number } };
      // The tune split without the batches held out for measuring (devset.ts HELD_OUT).
      expect(file.trainedOn.rows).toBe(trainingRows().length);
      expect(trainingRows().length).toBeLessThan(devsetSplit('tune').length);
    });

    it('stores its weights so that they read back as exactly the numbers trained', () => {
      // Rounded to four places as train:sentiment writes them; the engine must see those doubles,
      // not neighbours of them (the UCI floor check reads the same numbers before they are written).
      const weights = [1.2345, -0.0001, 3.9202, 0, -2.5, 0.3333, 12.0001, -7.4321];
      expect([...decodeWeights(encodeWeights(weights))]).toEqual(weights);
      const file = JSON.parse(readFileSync(new URL('../../local/comprehend/fallback-weights.json', import.meta.url), 'utf8')) as { features: string; weights: string };
      expect(decodeWeights(file.weights).length).toBe(file.features.split('\n').length * 3);
    });

    it('leaves factual text and requests NEUTRAL', () => {
      for (const text of ['I updated my billing address on Monday.', 'Our team is twelve people.', "I'd appreciate a call back this afternoon."]) {
        expect(ruleReading(text, 'en').rule).toBe('NEUTRAL');
        expect(label(text)).toBe('NEUTRAL');
      }
      for (const [text, language] of [['Le colis est arrivé mardi.', 'fr'], ["Vorrei cambiare l'indirizzo di consegna.", 'it'], ['Niente da segnalare.', 'it']] as const) {
        expect(label(text, language)).toBe('NEUTRAL');
      }
      expect(label('The agent was helpful.')).toBe('POSITIVE');
    });

    it('reads what the lexicons do not list, and keeps the scores consistent with the label when it answers', () => {
      const text = 'Courier left my parcel in the rain.';
      expect(ruleReading(text, 'en').rule).toBe('NEUTRAL');
      const result = detectSentiment(text, 'en');
      expect(result.Sentiment).toBe('NEGATIVE');
      expect(result.SentimentScore.Negative).toBeGreaterThan(result.SentimentScore.Positive);
      expect(result.SentimentScore.Negative).toBeGreaterThan(result.SentimentScore.Neutral);
    });

    it('turns an ironic rule reading the rules cannot see through', () => {
      // Praise words and a complaint with no sentiment word: the rules read praise, the model the sarcasm.
      const text = 'Really enjoyed standing at the desk for 25 minutes while two staff discussed their weekend.';
      expect(ruleReading(text, 'en').rule).toBe('POSITIVE');
      expect(label(text)).toBe('NEGATIVE');
    });
  });

  // The second round of issue 15's rules (docs/sentiment.md): each example fails without its rule.
  it('does not read a short setup as a wait', () => {
    // The rules leave it NEUTRAL, not NEGATIVE; whether the learned reader calls it praise (as
    // 1.4.0–1.5.1's and 1.6.0's do) depends on its training, so only "not a complaint" is asserted.
    expect(ruleReading('Setup took five minutes.', 'en').rule).toBe('NEUTRAL');
    expect(label('Setup took five minutes.')).not.toBe('NEGATIVE');
  });

  describe('reported fixes, repeats, loyalty and praise frames', () =>
    table([
      ['The email said my issue was resolved. It is not.', 'NEGATIVE'],
      ["I've reset it ten times now.", 'NEGATIVE'],
      ['Support takes days to answer.', 'NEGATIVE'],
      ['It took me an hour to cancel online.', 'NEGATIVE'],
      ['Customer for twelve years and never had a reason to complain.', 'POSITIVE'],
      ['Love how the update removed the export button.', 'NEGATIVE'],
      ['Loved paying extra for a seat that does not recline.', 'NEGATIVE'],
      ['Great job losing my bag again.', 'NEGATIVE'],
      ['The crew did a great job.', 'POSITIVE'],
      ['Stress-free move, thank you.', 'POSITIVE'],
      ['Upgrade done overnight with zero downtime.', 'POSITIVE'],
      ['The sofa fell apart within a month.', 'NEGATIVE'],
      ['Fast internet when it works.', 'NEGATIVE'],
      ['Is late check-in possible?', 'NEUTRAL'],
    ]));

  it('scores sum to 1 and the label has the highest score', () => {
    for (const text of ['Great!', 'Awful.', 'The parcel came.', 'Loved the food, hated the wait.']) {
      const { Sentiment, SentimentScore: s } = detectSentiment(text, 'en');
      expect(s.Positive + s.Negative + s.Neutral + s.Mixed).toBeCloseTo(1, 9);
      const top = Object.entries(s).sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(top?.toUpperCase()).toBe(Sentiment);
    }
  });
});

const LANGUAGES: Record<string, { sample: string; cases: readonly Case[] }> = {
  es: {
    sample: 'El pedido llegó tarde y nadie del servicio de atención me respondió.',
    cases: [
      ['El servicio fue excelente, muy amables.', 'POSITIVE'],
      ['No me gustó nada, llegó roto.', 'NEGATIVE'],
      ['La comida estaba rica pero el servicio fue pésimo.', 'MIXED'],
      ['¿A qué hora abren mañana?', 'NEUTRAL'],
      ['El servicio no fue bueno.', 'NEGATIVE'],
      ['Mi pedido nunca llegó.', 'NEGATIVE'],
      ['Muy contento con la compra, llegó rapidísimo.', 'POSITIVE'],
      ['El envío tardó dos semanas y la caja venía abierta.', 'NEGATIVE'],
      ['Sigo esperando mi reembolso.', 'NEGATIVE'],
      ['Nadie me contesta los correos.', 'NEGATIVE'],
      ['Todo perfecto, gracias por la atención.', 'POSITIVE'],
      ['Quisiera cambiar la dirección de entrega.', 'NEUTRAL'],
      ['¡Me encanta!', 'POSITIVE'],
      ['Nunca más compro aquí.', 'NEGATIVE'],
      ['El producto no funciona.', 'NEGATIVE'],
      ['Les agradecería una respuesta sobre mi reembolso, llevo tres semanas esperando.', 'NEGATIVE'],
      ['Genial, otra vez cuatro horas de retraso.', 'NEGATIVE'],
      ['Nunca más, no vuelvo.', 'NEGATIVE'],
    ],
  },
  fr: {
    sample: "Le colis est arrivé en retard et personne ne m'a répondu au service client.",
    cases: [
      ['Le personnel était très gentil, merci !', 'POSITIVE'],
      ['Livraison en retard et colis abîmé, très déçu.', 'NEGATIVE'],
      ["Ce n'est pas bon.", 'NEGATIVE'],
      ["Je n'aime pas ce produit.", 'NEGATIVE'],
      ["Ce n'était pas terrible.", 'NEGATIVE'],
      ['Le colis est arrivé mardi.', 'NEUTRAL'],
      ["L'accueil était parfait mais la chambre était sale et bruyante.", 'MIXED'],
      ['Très satisfait de mon achat, livraison rapide.', 'POSITIVE'],
      ["J'attends toujours mon remboursement.", 'NEGATIVE'],
      ['Personne ne répond au téléphone.', 'NEGATIVE'],
      ['Produit de mauvaise qualité, je ne recommande pas.', 'NEGATIVE'],
      ['Merci beaucoup, service impeccable !', 'POSITIVE'],
      ['Je voudrais modifier mon adresse de livraison.', 'NEUTRAL'],
      ['Plus jamais !', 'NEGATIVE'],
      ['Le produit ne fonctionne pas.', 'NEGATIVE'],
      ["C'était génial, j'adore.", 'POSITIVE'],
      ['La commande est arrivée cassée.', 'NEGATIVE'],
      ['Je vous serais reconnaissant de me rembourser les frais prélevés par erreur.', 'NEGATIVE'],
      ['Où est ma commande ? Elle devait arriver lundi.', 'NEGATIVE'],
    ],
  },
  de: {
    sample: 'Das Paket kam zu spät an und niemand vom Kundendienst hat mir geantwortet.',
    cases: [
      ['Der Service war super, vielen Dank!', 'POSITIVE'],
      ['Das Paket kam kaputt an, sehr enttäuschend.', 'NEGATIVE'],
      ['Ich mag es nicht.', 'NEGATIVE'],
      ['Ich habe die Bestellung am Montag aufgegeben.', 'NEUTRAL'],
      ['Das Essen war lecker, aber die Bedienung war unfreundlich.', 'MIXED'],
      ['Sehr zufrieden, schnelle Lieferung.', 'POSITIVE'],
      ['Ich warte immer noch auf meine Erstattung.', 'NEGATIVE'],
      ['Niemand geht ans Telefon.', 'NEGATIVE'],
      ['Schlechte Qualität, nicht zu empfehlen.', 'NEGATIVE'],
      ['Vielen Dank, alles bestens!', 'POSITIVE'],
      ['Ich möchte meine Lieferadresse ändern.', 'NEUTRAL'],
      ['Nie wieder!', 'NEGATIVE'],
      ['Das Gerät funktioniert nicht.', 'NEGATIVE'],
      ['Das Essen war nicht gut.', 'NEGATIVE'],
      ['Tolles Produkt, gerne wieder.', 'POSITIVE'],
      ['Seit zwei Wochen kein Internet und keine Antwort.', 'NEGATIVE'],
      ['Warum antwortet niemand auf meine E-Mails?', 'NEGATIVE'],
    ],
  },
  pt: {
    sample: 'A encomenda chegou atrasada e ninguém do atendimento me respondeu.',
    cases: [
      ['Adorei o atendimento, muito rápido!', 'POSITIVE'],
      ['O produto chegou quebrado, péssimo.', 'NEGATIVE'],
      ['Não gostei.', 'NEGATIVE'],
      ['Qual é o horário de funcionamento?', 'NEUTRAL'],
      ['A comida era ótima mas o atendimento foi horrível.', 'MIXED'],
      ['Muito satisfeito, entrega rápida.', 'POSITIVE'],
      ['Ainda estou esperando o reembolso.', 'NEGATIVE'],
      ['Ninguém atende o telefone.', 'NEGATIVE'],
      ['Qualidade ruim, não recomendo.', 'NEGATIVE'],
      ['Muito obrigado, atendimento excelente!', 'POSITIVE'],
      ['Gostaria de alterar o endereço de entrega.', 'NEUTRAL'],
      ['Nunca mais!', 'NEGATIVE'],
      ['O aparelho não funciona.', 'NEGATIVE'],
      ['A comida não estava boa.', 'NEGATIVE'],
      ['Produto ótimo, compraria de novo.', 'POSITIVE'],
      ['Serviço horrível, não volto nunca mais.', 'NEGATIVE'],
      ['Agradeço se puderem me informar sobre o reembolso, já faz um mês.', 'NEGATIVE'],
    ],
  },
  it: {
    sample: "Il pacco è arrivato in ritardo e nessuno dell'assistenza mi ha risposto.",
    cases: [
      ['Personale gentilissimo, tutto perfetto.', 'POSITIVE'],
      ['Il pacco è arrivato in ritardo e rotto.', 'NEGATIVE'],
      ['Non mi è piaciuto.', 'NEGATIVE'],
      ['A che ora aprite domani?', 'NEUTRAL'],
      ['La camera era bellissima ma il personale era scortese.', 'MIXED'],
      ['Molto soddisfatto, consegna veloce.', 'POSITIVE'],
      ['Sto ancora aspettando il rimborso.', 'NEGATIVE'],
      ['Nessuno risponde al telefono.', 'NEGATIVE'],
      ['Qualità scadente, non lo consiglio.', 'NEGATIVE'],
      ['Grazie mille, servizio eccellente!', 'POSITIVE'],
      ["Vorrei cambiare l'indirizzo di consegna.", 'NEUTRAL'],
      ['Mai più!', 'NEGATIVE'],
      ['Il prodotto non funziona.', 'NEGATIVE'],
      ['Il cibo non era buono.', 'NEGATIVE'],
      ['Prodotto ottimo, lo ricomprerei.', 'POSITIVE'],
      ['Complimenti, altre tre ore di ritardo.', 'NEGATIVE'],
      ['Servizio vergognoso, non tornerò mai più.', 'NEGATIVE'],
    ],
  },
  nl: {
    sample: 'Het pakket kwam te laat aan en niemand van de klantenservice heeft gereageerd.',
    cases: [
      ['Heel vriendelijk personeel, echt top!', 'POSITIVE'],
      ['Slechte service, nooit meer.', 'NEGATIVE'],
      ['Ik vind het niet goed.', 'NEGATIVE'],
      ['Hoe laat gaan jullie morgen open?', 'NEUTRAL'],
      ['Het eten was heerlijk maar de bediening was onvriendelijk.', 'MIXED'],
      ['Zeer tevreden, snelle levering.', 'POSITIVE'],
      ['Ik wacht nog steeds op mijn terugbetaling.', 'NEGATIVE'],
      ['Niemand neemt de telefoon op.', 'NEGATIVE'],
      ['Slechte kwaliteit, geen aanrader.', 'NEGATIVE'],
      ['Hartelijk bedankt, uitstekende service!', 'POSITIVE'],
      ['Ik wil graag mijn afleveradres wijzigen.', 'NEUTRAL'],
      ['Nooit meer!', 'NEGATIVE'],
      ['Het apparaat werkt niet.', 'NEGATIVE'],
      ['Het eten was niet lekker.', 'NEGATIVE'],
      ['Top product, zou het zo weer kopen.', 'POSITIVE'],
      ['Ik wacht al drie weken op mijn terugbetaling.', 'NEGATIVE'],
      ['Waar blijft mijn bestelling?', 'NEGATIVE'],
    ],
  },
};

describe.each(Object.entries(LANGUAGES))('%s', (language, { sample, cases }) => {
  it('is detected as the dominant language', () => {
    expect(detectDominantLanguage(sample)[0]?.LanguageCode).toBe(language);
    for (const [text] of cases.filter(([t]) => t.length > 25)) expect(detectDominantLanguage(text)[0]?.LanguageCode).toBe(language);
  });

  describe('sentiment', () => table(cases, language));
});

describe('language detection', () => {
  it('detects English', () => {
    expect(detectDominantLanguage('The delivery was late and nobody from support answered my emails.')[0]?.LanguageCode).toBe('en');
  });

  it.each([
    ['en', 'great service as always'],
    ['en', 'Best outdoor shop in town'],
    ['es', 'Todo perfecto, volveré a comprar seguro'],
    ['fr', 'Colis arrivé en avance, merci'],
    ['de', 'Kundenservice unterirdisch, keine Antwort'],
    ['pt', 'Atendimento péssimo, ninguém responde'],
    ['it', 'Spedizione velocissima, venditore serio'],
    ['nl', 'Razendsnelle levering, heel tevreden'],
  ])('detects short feedback as %s: %s', (language, text) => {
    expect(detectDominantLanguage(text)[0]?.LanguageCode).toBe(language);
  });

  it('reports a low-confidence guess for text with no letters', () => {
    expect(detectDominantLanguage('👍 123')[0]?.Score).toBeLessThan(0.5);
  });
});

describe('1.7.0 rules (rules alone)', () => {
  // Written for the tests, not taken from the dev set; each read otherwise before its rule.
  it.each([
    // A negation reaches across determiners ("not a single …" in six languages).
    ['Pas une seule fois déçue en cinq ans.', 'fr', 'POSITIVE'],
    ['Jamais eu le moindre souci avec eux.', 'fr', 'POSITIVE'],
    ['Nunca tuve un solo problema con ellos.', 'es', 'POSITIVE'],
    ['Nunca tive um único problema.', 'pt', 'POSITIVE'],
    // German "noch" is "still"/"even", not a negation (Dutch "noch" is "nor" and stays one).
    ['Noch besser als erwartet.', 'de', 'POSITIVE'],
    // Thanks to a named person, in the forms Portuguese writers use without "muito", and Italian "grazie a".
    ['Obrigada à Marta, que resolveu o problema da fatura.', 'pt', 'POSITIVE'],
    ["Grazie a Paola dell'assistenza, che ha spiegato tutto a mia madre senza fretta.", 'it', 'POSITIVE'],
    // "never" with "so"/"such" is a superlative, not a negation.
    ['I have never had such terrible service.', 'en', 'NEGATIVE'],
    ['Nog nooit zo goed geholpen.', 'nl', 'POSITIVE'],
    ['Ich wurde noch nie so gut beraten.', 'de', 'POSITIVE'],
    // "never regretted it": regret words exist to be negated.
    ['Seit zehn Jahren Kunde und nie bereut.', 'de', 'POSITIVE'],
    ['Non me ne sono mai pentita.', 'it', 'POSITIVE'],
    // "hats off" and its kin.
    ['Hut ab vor dem Techniker.', 'de', 'POSITIVE'],
    ['Petje af voor de monteur.', 'nl', 'POSITIVE'],
    // "couldn't have gone better" is the best there is, not its absence.
    ["The move couldn't have gone better.", 'en', 'POSITIVE'],
    ["Check-in couldn't have been smoother.", 'en', 'POSITIVE'],
    // Spoken French drops "ne": "pas" closing the clause negates the verb before it.
    ["J'aime pas.", 'fr', 'NEGATIVE'],
    // Brazilian "fora do ar" is an outage; European "Agradecia que…" is a request, not thanks.
    ['O site ficou fora do ar a tarde toda.', 'pt', 'NEGATIVE'],
    ['Agradecia que me ligassem de volta.', 'pt', 'NEUTRAL'],
  ] as const)('%s (%s) → %s', (text, language, expected) => {
    expect(ruleReading(text, language).rule).toBe(expected);
  });

  it('"not so good" stays negated', () => {
    expect(ruleReading('Not so good this time.', 'en').rule).toBe('NEGATIVE');
    expect(ruleReading('Nicht so gut diesmal.', 'de').rule).toBe('NEGATIVE');
  });
});

describe('a score typed into the comment (1.8.0, rules alone)', () => {
  // Written for the tests; the words alone say little or nothing, so each read otherwise before the rule.
  it.each([
    ['10 – das Personal kannte nach einem Tag unsere Namen.', 'de', 'POSITIVE'],
    ['10/10 pour Amandine, qui a géré mon dossier de A à Z.', 'fr', 'POSITIVE'],
    ['Le pongo un 9. Lo uso para facturar desde enero.', 'es', 'POSITIVE'],
    ['Took the train to Leeds. 9/10', 'en', 'POSITIVE'],
    ['2/10 courier left it at the neighbours.', 'en', 'NEGATIVE'],
    ['Dou 1. Três semanas para instalar.', 'pt', 'NEGATIVE'],
    ['Voto 2. Tre settimane per attivare la linea.', 'it', 'NEGATIVE'],
    ['CSAT 1/5, ticket closed.', 'en', 'NEGATIVE'],
    // 5–7 leave it to the words.
    ['7. First order, will see how it goes.', 'en', 'NEUTRAL'],
  ] as const)('%s (%s) → %s', (text, language, expected) => {
    expect(ruleReading(text, language).rule).toBe(expected);
  });

  it.each([
    ['8. Pocas caídas y avisan por SMS.', 8],
    ['Note 9/10 : interface claire.', 9],
    ['CSAT 4/5', 8],
    ['Ik geef een 6, de app is traag.', 6],
    ['Product: 8/10. Account management: 4/10.', 8],
  ] as const)('finds the score in %s', (text, score) => {
    expect(statedRating(text)?.score).toBe(score);
  });

  it.each(['3 weeks and no refund.', '5,80 € für einen Cappuccino?', '5-star hotel. 1-star mattress.', 'Paid on 12/10/2024, still pending.', '24 hours on hold.', 'Room 12, the one by the lift.'])(
    'is not fooled by a number that is no score: %s',
    (text) => {
      expect(statedRating(text)).toBeUndefined();
    },
  );
});

describe('"nothing to report" is no complaint', () => {
  // A lone negation reads as something that failed ("my bag didn't arrive"); these idioms say nothing did.
  it.each([
    ['Nothing to report.', 'en', 'NEUTRAL'],
    ['Nada que reportar.', 'es', 'NEUTRAL'],
    ['Rien à signaler.', 'fr', 'NEUTRAL'],
    ['Nichts zu melden.', 'de', 'NEUTRAL'],
    ['Nada a declarar.', 'pt', 'NEUTRAL'],
    ['Niente da segnalare.', 'it', 'NEUTRAL'],
    ['Niets te melden.', 'nl', 'NEUTRAL'],
    ['Nothing to complain about.', 'en', 'POSITIVE'],
    ['Nichts zu beanstanden.', 'de', 'POSITIVE'],
    ['Rien à redire.', 'fr', 'POSITIVE'],
    ['Nothing to report. The parcel never came.', 'en', 'NEGATIVE'],
  ] as const)('%s (%s) → %s', (text, language, expected) => {
    expect(detectSentiment(text, language).Sentiment).toBe(expected);
  });
});
