// People: the per-report view of the corpus (LookUpAlsoIn) against the copy
// with the corpus merged in that it replaces, and the cost of merging and
// looking up as the corpus grows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "extract/attribution.h"
#include "test_util.h"
#include "text/segment.h"

namespace crosscheck {
namespace {

using testing::Doc;
using testing::SourcePath;

// What a lookup found, as text: the view and the copy hold different objects.
std::string Describe(const Person* p) {
  if (!p) return "(none)";
  return p->name + "|" + p->surname + "|" + p->role + "|" + p->affiliation + "|" + p->side + "|" +
         std::to_string(p->mentions.size());
}

// A name word made of syllables, distinct for every k: "Bake", "Kelomi".
std::string NameWord(size_t k) {
  static const char* const kSyllables[] = {"ba", "ke", "lo", "mi", "nu", "ra", "si", "to", "ve", "zo"};
  std::string w;
  do {
    w += kSyllables[k % 10];
    k /= 10;
  } while (k > 0);
  w += "ran";
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

People PeopleOf(const Document& d) {
  SegmentedText seg = Segment(d.text, Clean(d));
  return People::Find(d.text, seg);
}

// Differential: for every document of the seeds and of texts whose people
// share surnames across reports, every ByName, BySurname and LastBefore of
// the view equals the merged copy's, including the precedence of the
// document's own people and then the corpus's in corpus order.
TEST(People, LookUpAlsoInAnswersAsTheCopyWithTheCorpusMergedIn) {
  std::vector<Document> docs = ReadInputs({SourcePath("examples/border-clash")}, {}).documents;
  ASSERT_EQ(docs.size(), 5u);
  docs.push_back(Doc("k1", "Pakistan's Prime Minister Imran Khan said the border was closed.\n\n"
                           "Khan told reporters that 12 soldiers were hurt."));
  docs.push_back(Doc("k2", "Spokesman Ahmad Khan said 3 people died. Interior Minister Sara Khan said "
                           "the toll was higher. Khan added that talks would resume."));
  docs.push_back(Doc("k3", "Khan Says Talks Resume\n\nOfficials said Ahmad Khan, a Taliban spokesman, "
                           "declined to comment."));
  std::vector<People> people;
  People corpus;
  for (const Document& d : docs) {
    people.push_back(PeopleOf(d));
    corpus.Merge(people.back());
  }
  std::vector<std::string> names = {"Nobody Known", "Known"}, surnames = {"Known"};
  for (const Person& p : corpus.all()) {
    names.push_back(p.name);
    surnames.push_back(p.surname);
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    People view = people[i];
    view.FillFrom(corpus);
    People copy = view;
    copy.Merge(corpus);
    view.LookUpAlsoIn(&corpus);
    for (const std::string& n : names) EXPECT_EQ(Describe(view.ByName(n)), Describe(copy.ByName(n))) << docs[i].id << " " << n;
    for (const std::string& s : surnames) {
      EXPECT_EQ(Describe(view.BySurname(s)), Describe(copy.BySurname(s))) << docs[i].id << " " << s;
    }
    for (size_t at = 0; at <= docs[i].text.size(); at += 7) {
      for (std::string_view hint : {"", "spokes", "minister"}) {
        EXPECT_EQ(Describe(view.LastBefore(at, hint)), Describe(copy.LastBefore(at, hint))) << docs[i].id << " " << at;
      }
    }
  }
  // The surnames shared across reports resolve as in the copy: the document's own first.
  People k1 = people[5];
  k1.LookUpAlsoIn(&corpus);
  EXPECT_EQ(k1.BySurname("Khan")->name, "Imran Khan");
  People seeds = people[0];
  seeds.LookUpAlsoIn(&corpus);
  EXPECT_EQ(seeds.BySurname("Khan")->name, corpus.BySurname("Khan")->name);
}

// Merging a report into the corpus and looking its people up examines what
// the report holds, not what the corpus holds: the same work per report with
// 200 or 6,400 people known before it.
TEST(People, MergeAndLookupExamineTheSameRecordsWhateverTheCorpusSize) {
  People corpus;
  auto add_reports = [&](size_t from, size_t to) {
    const uint64_t before = People::examined();
    for (size_t k = from; k < to; ++k) {
      People report = PeopleOf(Doc("r", "Spokesman " + NameWord(k + 7) + " " + NameWord(k) + " said 3 died."));
      EXPECT_EQ(report.all().size(), 1u) << k;
      corpus.Merge(report);
      report.LookUpAlsoIn(&corpus);
      EXPECT_NE(report.BySurname(NameWord(k / 2)), nullptr);
    }
    return static_cast<double>(People::examined() - before) / static_cast<double>(to - from);
  };
  const double small = add_reports(0, 200);
  add_reports(200, 6400);
  const double large = add_reports(6400, 6600);
  EXPECT_GT(small, 0);
  EXPECT_LE(large, 1.01 * small);  // the first report finds its own surname: one lookup fewer
}

}  // namespace
}  // namespace crosscheck
