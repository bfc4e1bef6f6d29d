// The English corpus bench/transcribe.ts and the pocketsphinx test speak with espeak-ng: everyday
// sentences, written before any recogniser was run on them (not tuned to what it hears well).
export const CORPUS = [
  "Please call me tomorrow morning at nine o'clock.",
  "The weather today is sunny and warm.",
  "We can walk to the park after lunch.",
  "I would like to order a large pizza with cheese.",
  "The meeting has been moved to next Tuesday afternoon.",
  "She bought three new books at the store yesterday.",
  "Turn left at the second traffic light and keep going.",
  "My brother plays the guitar in a small band.",
  "Remember to send the report before the end of the day.",
  "The train to the city leaves every twenty minutes.",
  "Our new project starts at the beginning of next month.",
  "Thank you very much for listening to this message.",
];
