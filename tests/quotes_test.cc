// Quotations and their speakers (extract/quotes.h): one test per rule, each on
// sentences written the way news reports write them.
#include "extract/quotes.h"

#include <gtest/gtest.h>

#include "clean/cleaner.h"
#include "test_util.h"

namespace crosscheck {
namespace {

// The pipeline of tools/quotes_tool.cc: Clean -> Segment -> People::Find -> FindQuotes.
class QuotesOf {
 public:
  explicit QuotesOf(std::string text) : doc_(testing::Doc("t", std::move(text))) {
    SegmentedText seg = Segment(doc_.text, Clean(doc_));
    quotes_ = FindQuotes(doc_, seg, People::Find(doc_.text, seg));
  }

  // The quotation whose text starts with `start`; fails the test when none does.
  const Quote& Starting(const std::string& start) const {
    for (const Quote& q : quotes_) {
      if (q.text.rfind(start, 0) == 0) return q;
    }
    ADD_FAILURE() << "no quotation starts with: " << start;
    static const Quote none;
    return none;
  }
  std::string SpeakerSpan(const Quote& q) const { return std::string(q.speaker_span.Of(doc_.text)); }
  const std::vector<Quote>& all() const { return quotes_; }

 private:
  Document doc_;
  std::vector<Quote> quotes_;
};

TEST(Quotes, SpeakerAfterTheClosingMark) {
  QuotesOf t("“We will not back down from this fight,” Governor Maria Lopez said on Tuesday.");
  const Quote& q = t.Starting("We will not back down");
  EXPECT_EQ(q.text, "We will not back down from this fight");
  EXPECT_EQ(q.speaker, "Maria Lopez");
  EXPECT_EQ(q.cue, "said");
  EXPECT_FALSE(q.partial);
}

TEST(Quotes, InvertedCueWithCommonNounSpeaker) {
  QuotesOf t("“The numbers simply do not add up,” said a senior administration official, who spoke on "
             "condition of anonymity.");
  const Quote& q = t.Starting("The numbers");
  EXPECT_EQ(t.SpeakerSpan(q), "senior administration official");  // spans leave articles out
  EXPECT_EQ(q.speaker, "senior administration official");
}

TEST(Quotes, QuoteVerbOnlyNextToTheQuote) {
  // "continued" and "wrote" introduce quoted words; they are no cue for claims.
  QuotesOf t("“Is he really that careless with the facts?” Scarborough continued. “It is breathtaking.”");
  EXPECT_EQ(t.Starting("Is he really").speaker, "Scarborough");
  EXPECT_EQ(t.Starting("Is he really").cue, "continued");
  EXPECT_EQ(t.Starting("It is breathtaking").speaker, "Scarborough");  // the same paragraph goes on
}

TEST(Quotes, SpeakerInTheNextSentence) {
  // The question mark ends the sentence before "Sanders said".
  QuotesOf t("“Do you have the names of everybody who is here?” Sanders said.");
  EXPECT_EQ(t.Starting("Do you have").speaker, "Sanders");
}

TEST(Quotes, TwoApostrophesAreADoubleMark) {
  QuotesOf t("''It is more tinkering at the edges,'' Mr. Goolsbee said. ''I would not call it reform.''");
  EXPECT_EQ(t.all().size(), 2u);
  EXPECT_EQ(t.Starting("It is more tinkering").text, "It is more tinkering at the edges");
  EXPECT_EQ(t.Starting("It is more tinkering").speaker, "Goolsbee");
  EXPECT_EQ(t.Starting("I would not call").speaker, "Goolsbee");
}

TEST(Quotes, SingleQuotesButNotApostrophes) {
  QuotesOf t("The voters' anger was plain at the rally in the '90s style hall. 'We are done waiting,' "
             "Carla Diaz told reporters.");
  ASSERT_EQ(t.all().size(), 1u);
  EXPECT_EQ(t.all()[0].text, "We are done waiting");
  EXPECT_EQ(t.all()[0].speaker, "Carla Diaz");
}

TEST(Quotes, NestedQuotationStaysOne) {
  QuotesOf t("“He looked at me and said, ‘Go home,’ and then he walked away,” Jones recalled.");
  ASSERT_EQ(t.all().size(), 1u);
  EXPECT_EQ(t.all()[0].text, "He looked at me and said, ‘Go home,’ and then he walked away");
  EXPECT_EQ(t.all()[0].speaker, "Jones");
}

TEST(Quotes, MarkTypedTheWrongWayRound) {
  QuotesOf t("“It is unusual,“ said Larry Noble, a lawyer at the Campaign Legal Center.");
  EXPECT_EQ(t.Starting("It is unusual").speaker, "Larry Noble");
}

TEST(Quotes, SpeakerNamedAfterALaterParagraphOfTheSameQuotation) {
  // News style: the quotation is left open at the paragraph's end and reopened.
  QuotesOf t("“We knocked on every door in the county.\n"
             "“And we will do it again in November,” said Dana Whitfield, the campaign's field director.");
  EXPECT_EQ(t.Starting("We knocked").speaker, "Dana Whitfield");
  EXPECT_EQ(t.Starting("And we will").speaker, "Dana Whitfield");
}

TEST(Quotes, QuoteOnlyParagraphContinuesThePreviousSpeaker) {
  QuotesOf t("“There is a real demographic revolution under way,” Ramos said at the forum.\n"
             "“So I think there is resistance to seeing the country change.”");
  EXPECT_EQ(t.Starting("So I think").speaker, "Ramos");
}

TEST(Quotes, ParagraphEndingWithCueAndColonIntroducesTheNext) {
  QuotesOf t("Bolton also discussed what government service demands. He said:\n"
             "\"When you go into the government in a senior position, it is like going into a monastery.\"");
  const Quote& q = t.Starting("When you go");
  EXPECT_EQ(t.SpeakerSpan(q), "He");
  EXPECT_EQ(q.speaker, "Bolton");
}

TEST(Quotes, SentenceEndingWithItsCueIntroducesTheNext) {
  QuotesOf t("Iowa State University's Dianne Bystrom agreed. \"Mainstream Republicans are running out of time.\"");
  EXPECT_EQ(t.Starting("Mainstream").speaker, "Dianne Bystrom");
}

TEST(Quotes, ToldSomebodyWithACommonNounSpeaker) {
  QuotesOf t("“It was very nice,” the gambling tycoon told Reuters in a rare interview in Macau.");
  EXPECT_EQ(t.SpeakerSpan(t.Starting("It was very nice")), "gambling tycoon");
}

TEST(Quotes, RelativeClauseBetweenSpeakerAndCue) {
  QuotesOf t("On Thursday Cruz won the backing of Mike Lee, who declared in the spin room, \"It is time to "
             "unite.\"");
  const Quote& q = t.Starting("It is time");
  EXPECT_EQ(q.speaker, "Mike Lee");
  EXPECT_EQ(t.SpeakerSpan(q), "who");  // the mention the attribution rests on
}

TEST(Quotes, ParentheticalAndAppositiveBeforeTheCue) {
  QuotesOf t("“Subpoenas are not optional,” Rep. Jason Chaffetz (R-Utah), the panel's chairman, said after "
             "the hearing.");
  EXPECT_EQ(t.Starting("Subpoenas").speaker, "Jason Chaffetz");
}

TEST(Quotes, NameRightAfterTheQuoteBeforeManyAppositives) {
  QuotesOf t("\"Both of them scare me,\" Harry Bond, 30, of Raleigh, N.C., who was among those polled, said "
             "in a follow-up interview.");
  EXPECT_EQ(t.Starting("Both of them").speaker, "Harry Bond");
}

TEST(Quotes, WordsInsideAQuotationAreNoAntecedent) {
  // "Hillary" is the subject of a quoted sentence, not the person "he" stands for.
  QuotesOf t("The gap concerns Henry Crespo, president of the Florida Democratic Black Caucus.\n"
             "“No one is writing songs for her. Hillary has nobody like that,” he said.");
  const Quote& q = t.Starting("No one is writing");
  EXPECT_EQ(t.SpeakerSpan(q), "he");
  EXPECT_EQ(q.speaker, "Henry Crespo");
}

TEST(Quotes, OrganisationSpeaksInAStatement) {
  QuotesOf t("“The strikes hit only military targets,” the Defense Ministry said in a statement. According "
             "to the ministry, “no civilians were harmed.”");
  EXPECT_EQ(t.Starting("The strikes").speaker, "Defense Ministry");
  EXPECT_EQ(t.Starting("no civilians").speaker, "ministry");
  EXPECT_EQ(t.Starting("no civilians").cue, "according to");
}

TEST(Quotes, PronounResolvesToTheLastPersonWhoSpoke) {
  // People lists full names only; "Groberg" is known as a speaker.
  QuotesOf t("Groberg says it is hard to blame any one person for the attack.\n"
             "“She should be held accountable,” he said.");
  const Quote& q = t.Starting("She should be");
  EXPECT_EQ(t.SpeakerSpan(q), "he");
  EXPECT_EQ(q.speaker, "Groberg");
}

TEST(Quotes, ParticipleTakesTheSpeakerOfTheClause) {
  QuotesOf t("Mujahid denied the airstrikes, saying the aircraft “only caused explosions.” Lori Bernstein "
             "held up a sign saying “Never again.”");
  EXPECT_EQ(t.Starting("only caused").speaker, "Mujahid");
  EXPECT_EQ(t.SpeakerSpan(t.Starting("Never again")), "sign");  // not Lori Bernstein, who holds it
}

TEST(Quotes, ColonAfterTheSubjectsVerb) {
  QuotesOf t("Kasich resisted: “Governors do not have the power to suspend constitutional rights.”");
  EXPECT_EQ(t.Starting("Governors").speaker, "Kasich");
}

TEST(Quotes, DashAfterTheQuotation) {
  QuotesOf t("“He cannot answer a question without scaring people first.” ― Esther Tapia\n"
             "“Maybe we can build a wall around him.”\n"
             "- Steve Quinlan.");
  EXPECT_EQ(t.Starting("He cannot answer").speaker, "Esther Tapia");
  EXPECT_EQ(t.Starting("Maybe we can").speaker, "Steve Quinlan");
}

TEST(Quotes, TitleWithAPeriodInTheLead) {
  QuotesOf t("''For me,'' Mr. Bruner concluded, ''he was the big cheese on the court.''");
  EXPECT_EQ(t.Starting("For me").speaker, "Bruner");
  EXPECT_EQ(t.Starting("he was the big cheese").speaker, "Bruner");
}

TEST(Quotes, FragmentTakesTheSentencesSubject) {
  QuotesOf t("Trump called the attack “a tragedy.” He also offered “my thoughts and prayers.”");
  EXPECT_EQ(t.Starting("a tragedy").speaker, "Trump");
  EXPECT_TRUE(t.Starting("a tragedy").partial);
  const Quote& q = t.Starting("my thoughts");
  EXPECT_EQ(t.SpeakerSpan(q), "He");
  EXPECT_EQ(q.speaker, "Trump");
}

TEST(Quotes, CapitalisedCueInsideANameIsNoCue) {
  // "States" is a speech verb in lower case only.
  QuotesOf t("Lazar was extradited to the United States and added, “I'll plead guilty, no problem.”");
  EXPECT_NE(t.Starting("I'll plead").speaker, "United");
  EXPECT_NE(t.Starting("I'll plead").speaker, "United States");
}

// Regression (found by random input under ASan): a participle or a colon that
// opens a document has no token before it to look at.
TEST(Quotes, CueOpeningTheTextHasNothingBeforeIt) {
  for (const char* text : {"saying “yes.”", ": “no.”", "adding, “maybe.”"}) {
    QuotesOf t(text);
    ASSERT_EQ(t.all().size(), 1u) << text;
    EXPECT_EQ(t.all()[0].speaker, "") << text;
  }
}

TEST(Attribution, QuoteOnlyCuesStayOutOfClaims) {
  // The default options (claims, link) read neither "continued" nor a common-noun speaker.
  const std::string text = "The shelling continued for hours. The gambling tycoon told Reuters 12 people died.";
  Document doc = testing::Doc("t", text);
  SegmentedText seg = Segment(doc.text, Clean(doc));
  People people = People::Find(doc.text, seg);
  for (const Sentence& s : seg.sentences) {
    EXPECT_TRUE(FindAttributions(doc.text, seg, s, people).empty());
  }
  size_t loose = 0;
  for (const Sentence& s : seg.sentences) {
    for (const Attribution& a : FindAttributions(doc.text, seg, s, people, {.quotations = true})) loose += a.loose;
  }
  EXPECT_EQ(loose, 2u);
}

}  // namespace
}  // namespace crosscheck
