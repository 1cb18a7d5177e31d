// GTP transcripts of the rule-set commands (KataGo's kata-get-rules / kata-set-rules / kata-set-rule,
// kgsGtp's kgs-rules): KataGo's own rules test sequence, bad input answered with "? ..." naming what
// was wrong, rules kept across clear_board, a rule change refused when the game breaks it, the
// territory count in final_score, and the Japanese-rules KGS record that positional superko refuses.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/text_file.h"
#include "gtp/gtp_session.h"
#include "testutil/gtp_transcript.h"

namespace tengen::gtp {
namespace {

// A 19x19 session, as GUIs start one.
std::string session(const std::string& input, std::ostream* log = nullptr) {
  return testutil::transcript(input, PlayerSettings{}, 19, log);
}

const char* kTrompTaylor =
    R"({"friendlyPassOk":false,"hasButton":false,"ko":"POSITIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"0"})";
const char* kJapanese =
    R"({"friendlyPassOk":false,"hasButton":false,"ko":"SIMPLE","scoring":"TERRITORY","suicide":false,"tax":"SEKI","whiteHandicapBonus":"0"})";
const char* kChinese =
    R"({"friendlyPassOk":true,"hasButton":false,"ko":"SIMPLE","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"N"})";
const char* kChineseKgs =
    R"({"friendlyPassOk":true,"hasButton":false,"ko":"POSITIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"N"})";
const char* kNewZealand =
    R"({"friendlyPassOk":true,"hasButton":false,"ko":"SITUATIONAL","scoring":"AREA","suicide":false,"tax":"NONE","whiteHandicapBonus":"0"})";

// KataGo's tests/results/gtp/rules.txt sequence; Tengen's answers differ only in "suicide" (never
// allowed here, so kata-get-rules says false where KataGo's tromp-taylor and new-zealand say true).
TEST(GtpRules, KataGosRulesSequence) {
  EXPECT_EQ(session("kata-get-rules\nkata-set-rules japanese\nkata-get-rules\nkata-set-rules chinese\nkata-get-rules\n"
                    "kgs-rules chinese\nkata-get-rules\nkgs-rules new_zealand\nkata-get-rules\n"),
            std::string("= ") + kTrompTaylor + "\n\n=\n\n= " + kJapanese + "\n\n=\n\n= " + kChinese + "\n\n=\n\n= " +
                kChineseKgs + "\n\n=\n\n= " + kNewZealand + "\n\n");
}

TEST(GtpRules, JsonFormAndOneField) {
  EXPECT_EQ(session(std::string("kata-set-rules ") + kJapanese + "\nkata-get-rules\n"),
            std::string("=\n\n= ") + kJapanese + "\n\n");
  // Spaces inside the JSON form split it into GTP arguments; they are joined again.
  EXPECT_EQ(session("kata-set-rules {\"ko\": \"SIMPLE\", \"scoring\": \"TERRITORY\"}\nkata-get-rules\n"),
            std::string("=\n\n= ") + kJapanese + "\n\n");
  EXPECT_EQ(session("kata-set-rules japanese\nkata-set-rule scoring AREA\nkata-set-rule ko POSITIONAL\n"
                    "kata-set-rule tax NONE\nkata-get-rules\n"),
            std::string("=\n\n=\n\n=\n\n=\n\n= ") + kTrompTaylor + "\n\n");
  // Komi: names leave it alone; the JSON form may set it.
  EXPECT_EQ(session("komi 6.5\nkata-set-rules japanese\nprintsgf\n").find("KM[6.5]") != std::string::npos, true);
  EXPECT_NE(session("kata-set-rules {\"komi\":0.5}\nprintsgf\n").find("KM[0.5]"), std::string::npos);
}

TEST(GtpRules, BadInputNamesTheProblem) {
  EXPECT_EQ(session("kata-set-rules xyz\n"),
            "? unknown rules 'xyz' (known: tromp-taylor, chinese, chinese-ogs, chinese-kgs, japanese, korean, "
            "stone-scoring, aga, bga, new-zealand, aga-button, or KataGo's JSON form such as "
            "{\"ko\":\"SIMPLE\",\"scoring\":\"TERRITORY\"})\n\n");
  EXPECT_EQ(session("kata-set-rules\n"),
            "? syntax error: give a rule-set name (e.g. japanese) or KataGo's JSON form\n\n");
  EXPECT_EQ(session("kata-set-rules {\"ko\":\n"), "? malformed rules JSON at character 7: bad value\n\n");
  EXPECT_EQ(session("kata-set-rules {\"ko\":\"ROUND\"}\n"),
            "? rules field 'ko' must be one of SIMPLE, POSITIONAL, SITUATIONAL, got 'ROUND'\n\n");
  EXPECT_EQ(session("kata-set-rules {\"komi\":\"x\"}\n"),
            "? rules field 'komi' must be an integer or half-integer from -150 to 150, got 'x'\n\n");
  EXPECT_EQ(session("boardsize 5\nkata-set-rules {\"komi\":100}\n"), "=\n\n? komi 100 is outside -25..+25\n\n");
  EXPECT_EQ(session("kata-set-rule kommi 5\n"),
            "? unknown rules field 'kommi' (known: ko, scoring, tax, suicide, hasButton, whiteHandicapBonus, "
            "friendlyPassOk, komi)\n\n");
  EXPECT_EQ(session("kata-set-rule ko\nkata-set-rule ko \"x\nkata-get-rules extra\nkgs-rules\n"),
            "? syntax error\n\n? syntax error\n\n? syntax error\n\n? syntax error\n\n");
  // A failed change leaves the rules as they were.
  EXPECT_EQ(session("kata-set-rules japanese\nkata-set-rules nonsense\nkata-get-rules\n").substr(0, 3), "=\n\n");
  EXPECT_NE(session("kata-set-rules japanese\nkata-set-rules nonsense\nkata-get-rules\n").find(kJapanese),
            std::string::npos);
  // Garbage of every kind: always one "?" answer, and the session goes on.
  for (const char* junk : {"{", "}", "{}}", "{\"\":1}", "{\"ko\":null}", "[1]", "\"japanese\"", "{\"ko\":\"SIMPLE\"",
                           "{\"tax\":\"ALL\",\"ko\":\"SPIGHT\"}", "{\"komi\":-1e400}", "\\", "{\"a\\"})
    EXPECT_EQ(session(std::string("kata-set-rules ") + junk + "\nname\n").substr(0, 2), "? ") << junk;
}

TEST(GtpRules, NotesGoToTheLog) {
  std::ostringstream log;
  EXPECT_EQ(session("kata-set-rules aga-button\n", &log), "=\n\n");
  EXPECT_NE(log.str().find("button Go is not supported"), std::string::npos) << log.str();
  std::ostringstream log2;
  session("kata-set-rules tromp-taylor\nkata-set-rules japanese\n", &log2);
  EXPECT_NE(log2.str().find("multi-stone suicide is allowed by these rules but not by Tengen"), std::string::npos);
  EXPECT_NE(log2.str().find("the search still evaluates by area"), std::string::npos) << log2.str();
}

TEST(GtpRules, PrintsgfWritesTheRulesAndLoadsgfReadsThemBack) {
  const std::string path = ::testing::TempDir() + "tengen_rules_roundtrip.sgf";
  EXPECT_EQ(session("kata-set-rules aga\nplay b D4\nprintsgf " + path + "\n"), "=\n\n=\n\n=\n\n");
  std::string why;
  EXPECT_NE(read_file_capped(path, 1 << 20, &why).value_or("").find("RU[aga]"), std::string::npos) << why;
  const std::string aga = rules_json(*read_rules("aga", GameRules{}).rules);
  EXPECT_EQ(session("loadsgf " + path + "\nkata-get-rules\n"), "= white\n\n= " + aga + "\n\n");
  // A default game writes no RU (records stay as they were).
  EXPECT_EQ(session("play b D4\nprintsgf\n").find("RU["), std::string::npos);
}

TEST(GtpRules, ClearBoardAndBoardsizeKeepTheRules) {
  EXPECT_EQ(session("kata-set-rules japanese\nplay b D4\nclear_board\nboardsize 9\nkata-get-rules\n"),
            std::string("=\n\n=\n\n=\n\n=\n\n= ") + kJapanese + "\n\n");
}

// The ko of gtp_session_test's KoAndSuicideThroughGtp: Black takes, both pass, White retakes,
// repeating the board before Black's capture.
const char* kKoThenRetake =
    "boardsize 5\n"
    "play b B5\nplay w C5\nplay b A4\nplay w B4\nplay b B3\nplay w C3\nplay w D4\n"
    "play b C4\nplay w pass\nplay b pass\nplay w B4\n";

TEST(GtpRules, KoRulesThroughGtpAndARefusedChange) {
  const std::string all_ok = "=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n=\n\n";
  EXPECT_EQ(session(kKoThenRetake), all_ok.substr(0, all_ok.size() - 3) + "? illegal move (positional superko)\n\n");
  EXPECT_EQ(session(std::string("kata-set-rules aga\n") + kKoThenRetake),
            "=\n\n" + all_ok.substr(0, all_ok.size() - 3) + "? illegal move (situational superko)\n\n");
  // Under simple ko the retake stands; superko rules cannot be switched on over it, but after undo they can.
  EXPECT_EQ(session(std::string("kata-set-rules japanese\n") + kKoThenRetake +
                    "kata-set-rules aga\nkata-get-rules\nundo\nkata-set-rules aga\nplay w B4\n"),
            "=\n\n" + all_ok +
                "? cannot change the rules of this game: move 11 (W B4) is illegal under these rules: situational superko\n\n"
                "= " + kJapanese + "\n\n=\n\n=\n\n? illegal move (situational superko)\n\n");
}

TEST(GtpRules, FinalScoreCountsTerritoryUnderTerritoryRules) {
  // 5x5, Black walls column B, White column C; White then throws a stone in that Black captures.
  const std::string game =
      "boardsize 5\nkomi 0.5\n"
      "play b B1\nplay w C1\nplay b B2\nplay w C2\nplay b B3\nplay w C3\nplay b B4\nplay w C4\nplay b B5\nplay w C5\n"
      "play w A3\nplay b A4\nplay w E3\nplay b A2\n";
  const std::string area = session(game + "final_score\n");
  const std::string territory = session("kata-set-rules japanese\n" + game + "final_score\n");
  // Area: Black 7 stones + 3 points, White 6 stones + 9 points. Territory: Black 3 points + 1 prisoner,
  // White 9 points (the stone White filled its own point with counts for nothing).
  EXPECT_NE(area.find("= W+5.5\n\n"), std::string::npos) << area;
  EXPECT_NE(territory.find("= W+5.5\n\n"), std::string::npos) << territory;
  const std::string territory2 = session("kata-set-rules japanese\n" + game + "play w E4\nplay b pass\nfinal_score\n");
  EXPECT_NE(territory2.find("= W+4.5\n\n"), std::string::npos) << territory2;  // area would still be W+5.5
  EXPECT_NE(session(game + "play w E4\nplay b pass\nfinal_score\n").find("= W+5.5\n\n"), std::string::npos);
}

std::string sample(const char* name) { return std::string(TENGEN_SHARED_DATA) + "/sample/" + name; }

TEST(GtpRules, JapaneseRecordLoadsUnderJapaneseRules) {
  const std::string path = sample("09-kgs-RE-Void.sgf");
  std::string why;
  const std::optional<std::string> text = read_file_capped(path, 1 << 20, &why);
  if (!text) GTEST_SKIP() << "no shared sample data: " << path << " (" << why << ")";
  // Its RU[Japanese] is read: the record loads as it is, under Japanese rules.
  EXPECT_EQ(session("loadsgf " + path + "\nkata-get-rules\n"), std::string("= white\n\n= ") + kJapanese + "\n\n");
  // Without RU the session's rules decide: positional superko refuses move 108, Japanese rules load it.
  std::string stripped = *text;
  stripped.erase(stripped.find("RU[Japanese]"), 12);
  const std::string copy = ::testing::TempDir() + "tengen_rules_no_ru.sgf";
  std::ofstream(copy) << stripped;
  EXPECT_EQ(session("loadsgf " + copy + "\n"),
            "? cannot load file: illegal move at move 108 (B S8): positional superko (a repetition; "
            "`kata-set-rules japanese` plays simple ko)\n\n");
  EXPECT_EQ(session("kata-set-rules japanese\nloadsgf " + copy + "\nkata-get-rules\n"),
            std::string("=\n\n= white\n\n= ") + kJapanese + "\n\n");
}

}  // namespace
}  // namespace tengen::gtp
