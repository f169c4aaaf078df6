"""Multi-turn chat: follow-up resolution, /api/chat (JSON and SSE), /v1/chat/completions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.sse import event, pieces
from index import article_from_text
from qa import NOT_SUPPORTED, Answer, Message, Service
from qa.conversation import standalone_question
from qa.names import capitalised_names
from tests.test_gold import cites_fact

CONVERSATIONS = json.loads((Path(__file__).parent / "gold" / "conversations.json").read_text())
CONVERSATION_FLOOR = 0.75  # measured 10/13 (make gold); the issue asks for at least 7 of at least 8


@pytest.fixture()
def client(seeded: Service, client_for: object) -> TestClient:
    return client_for(seeded)  # type: ignore[operator, no-any-return]


def _converse(service: Service, turns: list[str]) -> tuple[str, Answer]:
    messages: list[Message] = []
    for turn in turns:
        messages.append(Message("user", turn))
        standalone, answer = service.chat(messages)
        messages.append(Message("assistant", answer.answer))
    return standalone, answer


def _sse(text: str) -> list[tuple[str, object]]:
    events = []
    for frame in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.split("\n"))
        events.append((lines.get("event", "message"), json.loads(lines["data"])))
    return events


@pytest.mark.parametrize(
    ("turns", "answer", "expected"),
    [
        (["Who is leading the project?", "What is his rank?"],
         "The project is led by Chief Engineer Ana Ruiz, who is leading the work. [1]",
         "What is Chief Engineer Ana Ruiz's rank?"),
        (["Who is leading the project?", "What is his rank?"],  # a quoted passage: its neighbours name others
         "Dam project update\nOfficials from France and Germany visited the site.\n\nThe project is led by "
         "Chief Engineer Ana Ruiz, who is leading the work.\n\nMayor Tom Hale said it was on time. [1]",
         "What is Chief Engineer Ana Ruiz's rank?"),
        (["How long will the liaison officer stay?", "Where will they be posted?"],
         "France and Germany declined.\n\nThe liaison officer will stay for two years.\n\nThe pact was signed "
         "in May. [1]",
         "Where will they be posted?"),  # not "France and Germany", named beside the answer
        (["Which countries were invited to join the pact?", "When did they refuse before?"],
         "The invite was extended to Chile and Peru, too. [1]",
         "When did Chile and Peru refuse before?"),
        (["Which rival firm bought the Harbour Mill?", "When did it open?"],
         "Tasman Foods bought the Harbour Mill last year. [1]",
         "When did Tasman Foods open?"),
        (["Which New Zealand company builds rockets?", "What about in France?"],
         "Rocket makers in New Zealand include Kea Launch. [1]",
         "Which France company builds rockets?"),
        # "What about" a thing of the kind asked about swaps that thing (it was "... at the the women's final?"), and
        # only the noun phrase that ends in the same word ("the price of a ticket" is no ticket)
        (["Who won the men's final at the Harbour Open?", "What about the women's final?"],
         "Mary Jones won the final. [1]", "Who won the women's final at the Harbour Open?"),
        (["What is the price of a ticket?", "What about a season ticket?"],
         "A ticket costs $5. [1]", "What is the price of a season ticket?"),
        # a user trial: the phrase ending the way the topic does, with the topic's own words before it, is swapped
        # ("Who won Album of the record of the year ...?", "Who won Song of the Year of the Year?"); a role of an
        # organisation is swapped for a role, the organisation for an organisation ("Who is the the CFO?")
        (["Who won Album of the Year at the Grammys on Sunday?", "What about record of the year?"],
         "Jon Batiste won Album of the Year. [1]", "Who won record of the year at the Grammys on Sunday?"),
        (["Who won Album of the Year?", "What about Song of the Year?"],
         "Jon Batiste won Album of the Year. [1]", "Who won Song of the Year?"),
        (["What was the inflation rate this year?", "What about last year?"],
         "Inflation was 3%. [1]", "What was the inflation rate last year?"),
        # a follow-up naming only a time asks the earlier question of it (a user trial: "And in 2022?" after "Who was
        # named People's Sexiest Man Alive this year?" was asked as "In 2022?")
        (["Who was named People's Sexiest Man Alive this year?", "And in 2022?"],
         "Patrick Dempsey was named People's Sexiest Man Alive. [1]",
         "Who was named People's Sexiest Man Alive in 2022?"),
        (["Which company cut prices?", "In March?"], "Target cut prices. [1]", "Which company cut prices in March?"),
        (["Who is the CEO of Twitter?", "What about the CFO?"], "Linda Yaccarino is its CEO. [1]",
         "Who is the CFO of Twitter?"),
        (["Who is the CEO of Twitter?", "What about Meta?"], "Linda Yaccarino is its CEO. [1]",
         "Who is the CEO of Meta?"),
        # a user trial on late 2023's news: "... the 2034 the 2030 Games be held?"; and corrections ("No, I meant X.")
        # were asked word for word
        (["Where will the 2034 Winter Olympics be held?", "What about the 2030 Games?"],
         "Salt Lake City will host them. [1]", "Where will the 2030 Games be held?"),
        (["Where will the 2034 Winter Olympics be held?", "What about 2030?"],
         "Salt Lake City will host them. [1]", "Where will the 2030 Winter Olympics be held?"),
        (["Who won the Senate race in Ohio?", "No, I meant the House race."], "Bernie Moreno won. [1]",
         "Who won the House race in Ohio?"),
        (["Who is the CEO of Twitter?", "Sorry, I meant Meta"], "Linda Yaccarino is its CEO. [1]",
         "Who is the CEO of Meta?"),
        (["How did Kevin McCarthy vote on the budget?", "No, I meant the vote to remove McCarthy as speaker."],
         "He voted yes. [1]", "The vote to remove McCarthy as speaker?"),  # no name's place for a description
        (["Why was George Santos expelled?", "What was the vote?"],  # a dateline names no subject (a user trial)
         "WASHINGTON — The House voted to expel Rep. George Santos on Friday after an ethics report. [1]",
         "What was the vote? (George Santos; House)"),
        (["Which rival firm bought the Harbour Mill?", "No, I meant when did it open?"],  # a question of its own
         "Tasman Foods bought the Harbour Mill last year. [1]", "When did Tasman Foods open?"),
        (["Which rival firm bought the Harbour Mill?", "No, I meant it."],  # names nothing: asked as it was said
         "Tasman Foods bought the Harbour Mill last year. [1]", "No, I meant Tasman Foods."),
        # a user trial: "Why did Ruth Gottesman do Albert Einstein College of Medicine?" ("do it" is the deed), and
        # "How many people died?" after two turns about a hurricane asked of every death in the archive
        (["Who gave $1 billion to the Albert Einstein College of Medicine?", "Why did she do it?"],
         "Ruth Gottesman gave $1 billion to the college. [1]", "Why did Ruth Gottesman do it?"),
        (["Where did Hurricane Beryl make landfall?", "How many people died?"],
         "Beryl made landfall near Matagorda, Texas. [1]", "How many people died? (Matagorda; Hurricane Beryl)"),
        (["Who founded the Harbour Trust?", "How big is it now?"],  # "it": the thing asked about, not the person
         "Mary Jones founded the trust. [1]", "How big is Harbour Trust now?"),
        # a user trial on July 2024's news: "she" had become the person the question named ("When did President Joe
        # Biden announce President Joe Biden's campaign?"), and "he" a word opening a quote in the answer ("Yeah")
        (["Who did Biden endorse after dropping out?", "When did she announce her campaign?"],
         "President Joe Biden endorsed Vice President Kamala Harris after he left the race. [1]",
         "When did Vice President Kamala Harris announce Vice President Kamala Harris' campaign?"),
        (["Who shot Trump?", "When did he do it?"], "Trump was grazed. ‘Yeah you got grazed,’ a witness said. [1]",
         "When did he do it? (Who shot Trump?)"),
        # a user trial: a "who" question answered with a thing ("Oppenheimer"), whose "it" may be either one; it
        # had become "Who directed Oscars?"
        (["Who won best picture at the Oscars?", "Who directed it?"], "The film Oppenheimer won best picture. [1]",
         "Who directed it? (Oppenheimer; Oscars)"),
        (["Who won best picture at the Oscars?", "Who directed it?"], "Oppenheimer won best picture. [1]",
         "Who directed it? (Who won best picture at the Oscars?)"),
        (["Who won the Super Bowl?", "Where was it played?"], "The Kansas City Chiefs won the Super Bowl. [1]",
         "Where was it played? (Who won the Super Bowl?)"),
        (["Who founded the Harbour Trust?", "How large is the Harbour Trust?"],  # stands alone already
         "Mary Jones founded the trust. [1]", "How large is the Harbour Trust?"),
        # a user trial: "he" became "Republican"; "Why?" was asked alone; "this week" was taken to refer back
        (["Who won the Iowa caucuses?", "What did he say after?"],
         "The Republican, Donald Trump, won the Iowa caucuses. [1]",
         "What did Donald Trump say after?"),
        (["Which Boeing planes were grounded?", "Why?"], "The FAA grounded 171 Boeing 737 Max 9 jets. [1]",
         "Why? (Which Boeing planes were grounded?)"),
        (["What did the House pass?", "Who won the Oscar for best picture this week?"],
         "The House passed the bill, President Joe Biden said. [1]", "Who won the Oscar for best picture this week?"),
        # a trial on real news: "Illinois-based" (of the fraternity's service center) was carried as the thing asked
        # about, and the follow-up was refused; a name made into a word of another thing names nothing here
        (["Which fraternity at the University of New Hampshire was suspended?", "What is the fine?"],
         "The fraternity's Illinois-based national service center said it issued a cease and desist. [1]",
         "What is the fine? (University of New Hampshire)"),
        # user trials: an event's "it" is the event asked about, not a name of it ("Where was NATO held?"), and
        # an "it" is never a name the follow-up gives itself ("When did Meta announce Meta?")
        (["When is the NATO summit?", "Where was it held?"],
         "The NATO summit will be held in Washington in July, officials said. [1]",
         "Where was it held? (When is the NATO summit?; NATO; Washington)"),
        (["What did the FTC say about Meta?", "When did Meta announce it?"],
         "The FTC accused Meta of misleading parents about its Messenger Kids app. [1]",
         "When did Meta announce it? (What did the FTC say about Meta?; FTC; Meta; Messenger Kids)"),
        # a user trial: "the Star-Spangled Banner" was taken for a person, and "she" left between it and the singer
        (["Who sang the Star-Spangled Banner at the Super Bowl?", "How old is she?"],
         "Country star Reba McEntire sang the national anthem before the game in Las Vegas. [1]",
         "How old is Reba McEntire?"),
        # a user trial: "it" was the name that describes the thing asked about ("Which company cloned Arctic?")
        (["Which company cloned the Arctic wolf?", "Where does it live?"],
         "The wolf was cloned in a lab, the company said. [1]", "Where does Arctic wolf live?"),
        (["When did the Space Force announce the strategy?", "Where is it based?"],  # "announce" is no noun of it
         "It was announced in April. [1]", "Where is Space Force based?"),
        # a user trial: "it" was the place of the thing asked about ("How strong was Vanuatu?")
        (["What happened in the earthquake in Vanuatu?", "How strong was it?"],
         "At least 14 people were killed in the earthquake. [1]", "How strong was the earthquake in Vanuatu?"),
        # a user trial: "it" was the town the thing asked about belongs to ("How much will Glenmoor cost?"), or the
        # place it is in ("When will Baltimore reopen?")
        (["What did the Glenmoor council decide about the skate park?", "How much will it cost?"],
         "The council voted 5-2 to build the skate park. [1]", "How much will the skate park cost? (Glenmoor)"),
        (["What happened to the Key Bridge in Baltimore?", "When will it reopen?"],
         "The bridge collapsed after a ship struck it. [1]", "When will Key Bridge reopen?"),
        # a user trial: "he" was a single word of the answer ("Why did Twitter ask for a trade?") where the person was
        # one of a pair with the team the question names
        (["Who requested a trade from the Baltimore Ravens?", "Why did he ask for a trade?"],
         "The notion that the marriage between the Baltimore Ravens and Lamar Jackson would last another year took a "
         "hit Monday when the quarterback revealed in a Twitter thread that he requested a trade. [1]",
         "Why did Lamar Jackson ask for a trade?"),
        (["When is the summit at Camp David?", "Who will attend it?"], "The summit will be held on Friday. [1]",
         "Who will attend the summit at Camp David?"),
        # a user trial: a headline's name and the next line's first word were one name ("Brandon Scott No")
        (["Who is the mayor of Baltimore?", "How old is he?"],
         "Bridge collapse latest challenge for Baltimore Mayor Brandon Scott\n\nNo one had seen a big-city mayor "
         "quite like Brandon Scott before. [1]", "How old is Brandon Scott?"),
        # trials: "she" was another person of the answer than the one titled with the question's words (Penny
        # Pritzker for Harvard's president, Winston Peters for the Defence and Space Minister)
        (["Who is the president of Harvard?", "Where did she testify?"],
         "Penny Pritzker leads the board, and Harvard President Claudine Gay testified. [1]",
         "Where did Claudine Gay testify?"),
        (["Who is New Zealand's Defence and Space Minister?", "Where did she give a speech in April?"],
         "When asked, Defence and Space Minister Judith Collins referred all the questions to the NZDF. [1] "
         "Foreign Minister Winston Peters discussed New Zealand's space relationship in March. [2]",
         "Where did Judith Collins give a speech in April?"),
        # a trial on the seeds: "take it over" is no event's "it" ("Is it over?" is), and the "it" of "What is X's
        # biggest exercise?" is the exercise the answer names, not X
        (["Which space operation did New Zealand agree to join?", "When did Space Command take it over?"],
         "New Zealand also joined the US-led space body, Operation Olympic Defender, officials said. [1]",
         "When did Space Command take Olympic Defender over?"),
        (["What is the Harbour Trust's biggest project?", "How much will it cost?"],
         "The Harbour Trust's biggest project is the Glenmoor Bridge, officials said. [1]",
         "How much will Glenmoor Bridge cost?"),
        # a trial of the chat page: "it" after "Where ...?" was the place the answer named ("When will RenCen move?")
        (["Where is GM moving its headquarters?", "When will it move?"],
         "GM will relocate its headquarters from the RenCen to Detroit's new Hudson's site. [1]",
         "When will GM move?"),
        # a trial on 2023's news: "he" was a title the answer names ("How old was Country for Old Men when ...?"), the
        # question's own person left out as if "Which Cormac McCarthy novel" named a place ("Which Houston surgeon")
        (["Which Cormac McCarthy novel won the Pulitzer Prize?", "How old was he when he died?"],
         'Cormac McCarthy, the Pulitzer Prize-winning author of "The Road" and "No Country for Old Men," has died. [1]',
         "How old was Cormac McCarthy when Cormac McCarthy died?"),
        (["Where did a volcano erupt in Iceland on Wednesday?", "How many eruptions has it had since December?"],
         "A volcano erupted in Iceland's Reykjanes peninsula on Wednesday. [1]",
         "How many eruptions has Iceland's Reykjanes had since December?"),  # "it" is the place: none else named
        # a trial on 2023's news: "he" was a name of the question with no first name, not the one answered
        (["Which former NFL quarterback is returning to Tennessee as a professor?", "When was he drafted?"],
         "Dale Harbour returning to Tennessee as college professor [1]",
         "When was Dale Harbour drafted?"),
        (["Which 10-time NBA All-Star announced his retirement?", "How old is he?"],
         "Dale Harbour, a 10-time NBA All-Star, announces his retirement [1]",
         "How old is Dale Harbour?"),
        # and one the answer titles with what the question says someone runs for ("President Joe Biden")
        (["Which South Carolina senator filed to run for president?", "Where will he speak?"],
         "Sen. Dale Harbour files to run for president in 2024 [1] The senator will join a field looking to "
         "challenge President Joe Biden. [2]",
         "Where will Sen. Dale Harbour speak?"),
    ],
)
def test_follow_ups_are_rewritten_from_the_earlier_turn(turns: list[str], answer: str, expected: str) -> None:
    messages = [Message("user", turns[0]), Message("assistant", answer), Message("user", turns[1])]
    assert standalone_question(messages) == expected


def test_a_chain_of_follow_ups_keeps_its_person() -> None:
    """A user trial: "Who replaced her?" after "Why did she resign?" took the first name of that answer (another
    university's president), not the person "she" had been resolved to."""
    messages = [Message("user", "Who resigned as president of Harvard?"),
                Message("assistant", "Claudine Gay resigned as president of Harvard. [1]"),
                Message("user", "Why did she resign?"),
                Message("assistant", "University of Pennsylvania's Liz Magill resigned too, after the hearing. [1]"),
                Message("user", "Who replaced her?")]
    assert standalone_question(messages[:3]) == "Why did Claudine Gay resign?"
    assert standalone_question(messages) == "Who replaced Claudine Gay?"


def test_it_and_he_are_never_a_day_or_an_institution() -> None:
    """A user trial: "it" became "Monday" ("Which company will maintain Monday?") and "he" became "Professional
    Darts Corporation" ("How old is Professional Darts Corporation?")."""
    bridge = [Message("user", "Who cut the ribbon on the Harbour Bridge on Monday?"),
              Message("assistant", "Mayor Ana Ruiz cut the ribbon on the rebuilt Harbour Bridge on Monday. [1]")]
    assert standalone_question([*bridge, Message("user", "Which company will maintain it?")]) == (
        "Which company will maintain Harbour Bridge? (on Monday)")
    darts = [Message("user", "Who reached the PDC world darts final at 16?"),
             Message("assistant", "At 16, Luke Littler is the youngest player to reach the final of the Professional "
                                  "Darts Corporation world championship. [1]")]
    assert standalone_question([*darts, Message("user", "How old is he?")]) == "How old is Luke Littler?"


def test_a_first_question_is_its_own_standalone_question() -> None:
    assert standalone_question([Message("user", "Who won?")]) == "Who won?"


@pytest.mark.parametrize(("text", "names"), [
    ("Sales rose in the U.S. Another report said so.", ["Sales", "U.S."]),  # a user trial: "(U.S. Another; Americans)"
    ("Trump won in the U.S. The Democrats lost.", ["Trump", "U.S.", "The Democrats"]),
    ("The U.S. Space Force grew.", ["The U.S. Space Force"]), ("He met J. Smith. The talks went well.", ["J. Smith"]),
    ("Gen. Jane Doe spoke.", ["Gen. Jane Doe"]),
    # an ampersand between capitals (a trial on 2023's news asked in the context of "Environmental Quality and Texas A")
    ("Scientists at Texas A&M said so.", ["Scientists", "Texas A&M"]), ("Sales at AT&T rose.", ["Sales", "AT&T"]),
])
def test_initials_that_end_a_sentence_end_its_name(text: str, names: list[str]) -> None:
    assert [m.group() for m in capitalised_names(text)] == names


def test_it_after_a_follow_up_asked_in_context_is_the_thing_the_user_named() -> None:
    """A user trial: "Who are the astronauts on board?" was asked in the context "(...; Nasa's Starliner; Earth)",
    and the next "When did it launch?" took the last name of that context: "When did Earth launch?"."""
    messages = [Message("user", "What went wrong with Nasa's Starliner?"),
                Message("assistant", "Nasa's Starliner capsule suffered helium leaks on its way to the space station, "
                                     "far above Earth. [1]"),
                Message("user", "Who are the astronauts on board?")]
    assert standalone_question(messages) == "Who are the astronauts on board? (Nasa's Starliner; Earth)"
    messages += [Message("assistant", "Butch Wilmore and Suni Williams flew the capsule. [1]"),
                 Message("user", "When did it launch?")]
    assert standalone_question(messages) == "When did Nasa's Starliner launch?"


def test_what_about_after_a_follow_up_asked_in_context_asks_the_follow_up_again() -> None:
    """A user trial: "What about the union leader?" after a follow-up asked in the context of the first question
    swapped that context's "Who" for the union leader: "How much did she say it lost? (the union leader is the
    mayor who commented on ...?)"."""
    messages = [Message("user", "Who is the mayor who commented on the ferry terminal closure?"),
                Message("assistant", "The Harbour Council voted 7 to 2 to close the terminal. [1]"),
                Message("user", "How much did she say it lost?")]
    assert standalone_question(messages).endswith("(Who is the mayor who commented on the ferry terminal closure?)")
    messages += [Message("assistant", "The terminal lost $2 million last year, the mayor said. [1]"),
                 Message("user", "What about the union leader?")]
    assert standalone_question(messages) == "How much did she say it lost (the union leader)?"


def test_a_follow_up_is_asked_of_the_time_the_conversation_named() -> None:
    """A user trial: after "Who won the primary on Tuesday?" (Michigan), "What share of the vote did Haley get?"
    lost the Tuesday and was answered from an older primary."""
    won = [Message("user", "Who won the primary on Tuesday?"), Message("assistant", "Trump won Michigan. [1]")]
    assert standalone_question([*won, Message("user", "What share of the vote did Haley get?")]) == (
        "What share of the vote did Haley get? (on Tuesday)")
    # until a turn names another time; and a third turn still carries the latest one
    assert standalone_question([*won, Message("user", "Who won last year?")]) == "Who won last year? (Michigan)"
    # a follow-up naming nothing, of a few words of its own (ELLIPTIC_WORDS), is asked in the earlier question's
    # context, time included
    assert standalone_question([*won, Message("user", "Who came third?")]) == "Who came third? (Michigan) (on Tuesday)"
    assert standalone_question([*won, Message("user", "Who came third?"), Message("assistant", "Haley. [1]"),
                                Message("user", "Who came fourth?")]) == "Who came fourth? (Michigan; on Tuesday)"


def test_follow_ups_of_a_user_trial_name_people_not_places_and_never_garble() -> None:
    """A user trial on a 2024 archive: "he" became "Florida", "she" became "World Cup. The" and "United States.",
    and "their" gave "(Saquon Barkley; Barkley; Sunday) (Sunday)"."""
    hunt = [Message("user", "Who won Florida's python hunt?"),
            Message("assistant", "More than 22,000 wild pythons have been removed from Florida since 2000. Who won "
                                 "the 2024 Florida Python Challenge? Participants were divided into categories. [1]")]
    assert standalone_question([*hunt, Message("user", "How many did he catch?")]) == (
        "How many did he catch? (Who won Florida's python hunt?)")  # the winner, whom the answer did not name
    cup = [Message("user", "Who scored for Morocco?"),
           Message("assistant", "Morocco defeated Belgium 2-0. It was Morocco's first World Cup win. The goals came "
                                "late. [1]")]
    assert "World Cup. The" not in standalone_question([*cup, Message("user", "How much did she win?")])
    seat = [Message("user", "Who did Sarah McBride defeat?"),
            Message("assistant", "Sarah McBride will be the first transgender person in Congress in the history of "
                                 "the United States. McBride, a Democrat, defeated Republican John Whalen on "
                                 "Tuesday. She will take the seat of Lisa Blunt Rochester. [1]")]
    asked = standalone_question([*seat, Message("user", "Which seat will she take?")])
    # either may be "she" by the words, but one of them has a man's first name (qa.genders)
    assert asked == "Which seat will Sarah McBride take?"
    assert standalone_question([*seat, Message("user", "How many votes did he get?")]) == (
        "How many votes did Republican John Whalen get?")
    game = [Message("user", "Who won Sunday night's game?"), Message("assistant", "The Eagles beat the Rams. [1]"),
            Message("user", "How many yards did Barkley run for?"),
            Message("assistant", "The game was close at first. Saquon Barkley ran for 255 yards, a career high. "
                                 "He scored twice. [1]")]
    assert standalone_question([*game, Message("user", "What is their record now?")]) == (
        "What is their record now? (Saquon Barkley)")  # "now": not of Sunday's time (a trial on 2024's news)
    assert standalone_question([*game, Message("user", "What is their record?")]) == (
        "What is their record? (Saquon Barkley) (Sunday)")


def test_she_or_he_is_the_one_person_whose_first_name_is_not_of_the_other_gender() -> None:
    """Trials: "Where does she live?" after "Who is Taylor Swift dating?" was asked of Travis Kelce and Taylor Swift
    both; a pronoun of the other gender than the only person named is taken as a slip, not a refusal to resolve."""
    from qa.genders import gender, person_gender

    assert (gender("Judith"), gender("Winston"), gender("Taylor"), gender("Volodymyr")) == ("f", "m", "", "")
    assert person_gender("Defence Minister Judith Collins") == "f" and person_gender("Kamala D. Harris") == "f"
    assert person_gender("Virginia Gov. Glenn Youngkin") == "m"  # the word before the surname, not "Virginia"
    dating = [Message("user", "Who is Taylor Swift dating?"),
              Message("assistant", "Taylor Swift is dating Travis Kelce, the Chiefs tight end. [1]")]
    assert standalone_question([*dating, Message("user", "Where does she live?")]) == "Where does Taylor Swift live?"
    assert standalone_question([*dating, Message("user", "How old is he?")]) == "How old is Travis Kelce?"
    slip = [Message("user", "Who leads the Harbour Trust?"),
            Message("assistant", "The trust is led by Chief Engineer Ana Ruiz. [1]"),
            Message("user", "What is his rank?")]
    assert standalone_question(slip) == "What is Chief Engineer Ana Ruiz's rank?"


def test_he_after_a_who_question_is_whoever_did_or_had_done_what_was_asked() -> None:
    """A user trial on a 2022 archive: after "Who won the Brazilian presidential election?", answered "Luiz Inacio
    Lula da Silva ... defeating ... Jair Bolsonaro ...", "he" became the man defeated; after "Who won the US Open?"
    the finalist beaten. The winner stands before the question's words, whoever was named after them (or opens a
    passive of its own: "X, the runner-up last season, was named ..."); every
    mention of a person counts ("da Costa", "da Costa's"), and he is named as first named in full."""
    won = [Message("user", "Who won the Harbour City mayoral election?"),
           Message("assistant", "Maria Fernanda da Costa is set to become the next mayor of Harbour City after "
                                "defeating her rival, incumbent Peter Lang, by a thin margin in a contested run-off "
                                "election. [1]\n\nHARBOUR CITY — Maria Fernanda da Costa has done it again: ten years "
                                "after first winning, the former councillor defeated incumbent Peter Lang on Sunday "
                                "in an extremely tight election. With every vote counted, da Costa had 50.9% and Lang "
                                "49.1%, and the board said da Costa's victory was certain. [2]")]
    assert standalone_question([*won, Message("user", "What share of the vote did she get?")]) == (
        "What share of the vote did Maria Fernanda da Costa get?")
    final = [Message("user", "Who won the Harbour Open final?"),
             Message("assistant", "Tomas Berg won his first title at the Harbour Open, defeating Norway's Erik Lund "
                                  "6-4, 6-3 in the final on Sunday. [1]")]
    assert standalone_question([*final, Message("user", "Who did he beat?")]) == "Who did Tomas Berg beat?"
    named = [Message("user", "Who was named the league's most valuable player?"),
             Message("assistant", "Harbour Hawks quarterback Dan Moreno, the runner-up last season, was named on "
                                  "Thursday as the league's most valuable player, with Sam Ortiz of the Rivertown "
                                  "Rams second in the voting for the award. [1]")]  # named in a passive of its own
    assert standalone_question([*named, Message("user", "How old is he?")]) == "How old is Dan Moreno?"


def test_and_opening_a_follow_up_naming_nothing_keeps_the_earlier_subject() -> None:
    """A user trial: "And who else?" after "Which astronauts launched on Crew-9?" was asked as "Who else?" alone
    (and answered from a newsletter about a coyote); "Who else?" had kept the mission."""
    crew = [Message("user", "Which astronauts launched on the Harbour Crew-9 mission?"),
            Message("assistant", "The crew members are astronauts Nina Park and Tom Reyes of the Harbour Space "
                                 "Agency. [1]")]
    assert standalone_question([*crew, Message("user", "And who else?")]) == (
        standalone_question([*crew, Message("user", "Who else?")])) != "Who else?"
    assert standalone_question([*crew, Message("user", "and why?")]).startswith("Why? (")


@pytest.mark.parametrize(
    ("earlier", "answer", "follow_up", "expected"),
    [
        # a user trial: "How many vehicles? (Tesla)" lost the recall, and was answered about the Cybertruck
        ("What did Tesla recall?", "Over 2 million Tesla vehicles were recalled. [1]", "How many vehicles?",
         "How many vehicles did Tesla recall?"),
        ("What did the FAA tell airlines to inspect?", "The FAA told airlines to inspect the rudder bolts. [1]",
         "Why?", "Why did the FAA tell airlines to inspect?"),
        ("Where will the Harbour Games be held?", "The Harbour Games will be held in Glenmoor. [1]", "And when?",
         "When will the Harbour Games be held?"),
        ("Which company did Microsoft buy?", "Microsoft bought Activision Blizzard for $69 billion. [1]",
         "How much?", "How much did Microsoft buy? (Activision Blizzard)"),
        # the asking word is the subject, or the follow-up says more than what it asks for: asked in context
        ("Which Boeing planes were grounded?", "The FAA grounded 171 Boeing 737 Max 9 jets. [1]", "Why?",
         "Why? (Which Boeing planes were grounded?)"),
        ("What did Tesla recall?", "Over 2 million Tesla vehicles were recalled. [1]", "How many people died?",
         "How many people died? (Tesla)"),
    ],
)
def test_a_follow_up_only_asking_takes_the_earlier_questions_clause(earlier: str, answer: str, follow_up: str,
                                                                     expected: str) -> None:
    assert _after(earlier, answer, follow_up) == expected


def _after(earlier: str, answer: str, *turns: str) -> str:
    """The standalone question of the last of ``turns``, each earlier turn answered with ``answer``."""
    messages = [Message("user", earlier), Message("assistant", answer)]
    for turn in turns[:-1]:
        messages += [Message("user", turn), Message("assistant", answer)]
    return standalone_question([*messages, Message("user", turns[-1])])


def test_follow_ups_of_a_conversation_trial_on_the_seeds() -> None:
    """A trial of 25 conversations on the seeds: "New Zealand's the Foreign Minister", "How many types of
    weapons? (US Space Force; Win')", "Since when?" asked alone and then "(Since)" carried as a name, a context
    nested in another, "How many years does America cover?" after "What is the FYDP?", "she" as "Test Program"."""
    from qa.names import bare_name, could_be_person

    after = _after
    minister = "Defence Minister Judith Collins said New Zealand would send an officer. [1]"
    assert after("Who is New Zealand's Defence Minister?", minister, "No, I meant the Foreign Minister.") == (
        "Who is New Zealand's Foreign Minister?")
    weapons = "The US Space Force laid out a new pitch to develop six types of weapons, 'Partnering to Win'. [1]"
    assert after("What did the US Space Force recently lay out?", weapons, "How many types of weapons?") == (
        "How many types of weapons did the US Space Force recently lay out?")
    took = "At the time US Space Command took over Olympic Defender, it said so. [1]"
    assert after("Who took over Olympic Defender?", took, "Since when?") == (
        "Since when? (Who took over Olympic Defender?)")
    assert "Since;" not in after("Who took over Olympic Defender?", took, "Since when?", "What has the focus been since"
                                 " then?")
    hubs = "Auckland hosts one of eight hubs for the Pentagon and the NRO. [1]"
    nested = after("Which New Zealand city hosts a Joint Commercial Operations hub?", hubs,
                   "How many hubs are there in total?", "Who are they for?")
    assert nested.count("(") == 1 and nested.startswith("Who are they for? (How many hubs are there in total?;"), nested
    fydp = ("The capabilities would be factored in for the first time in America's so-called Future Years Defense "
            "Programme (FYDP), a five-year plan. [1]")
    assert after("What is the FYDP?", fydp, "How many years does it cover?") == "How many years does FYDP cover?"
    assert not could_be_person("Test Program") and not could_be_person("Space Command")
    assert bare_name("Win'") == "Win"
    # an "it" that may mean the thing named or the phrase it is part of: both
    invited = "The US military made the invite in April to join Operation Olympic Defender. [1]"
    assert after("When did New Zealand get the invitation to join Operation Olympic Defender?", invited,
                 "Where was it extended?") == (
        "Where was Operation Olympic Defender extended? (the invitation to join Operation Olympic Defender)")
    strategy = "A government strategy about doubling the space industry by 2030 said little about defence. [1]"
    assert after("What does the New Zealand government's space strategy aim for by 2030?", strategy,
                 "What does it say about defence?") == (
        "What does New Zealand say about defence? (the New Zealand government's space strategy)")
    partners = "JAXA in Japan, Rocket Lab in New Zealand and France's Arianespace are among the partners. [1]"
    assert after("Which organisations did Panzenhagen name as launch partners?", partners,
                 "Which one is in New Zealand?") == (
        "Which one is in New Zealand? (Which organisations did Panzenhagen name as launch partners?)")


def test_follow_ups_of_a_conversation_trial_on_2024s_news() -> None:
    """A trial of 20 conversations on April-June 2024's news: "he" became the runner-up of the MVP vote and
    "Houston" (of "Which Houston surgeon ...?"), "they" became "American" (of "the iconic American rock band KISS"),
    "it" a lawmaker, and a name "Jeff Landry Wednesday"."""
    from qa.names import capitalised_names

    after = _after
    mvp = ("After being recognized as the 2024 NBA MVP, Jokic has now won the award three times. The nine-year NBA "
           "veteran beat out Oklahoma City Thunder point guard Shai Gilgeous-Alexander in the voting. [1]")
    assert after("Who won the NBA MVP award this year?", mvp, "How many times has he won it?").startswith(
        "How many times has Jokic won it?")
    surgeon = "Houston surgeon Steve Bynon accused of denying livers to patients [1]"
    assert after("Which Houston surgeon is accused of denying patients new livers?", surgeon,
                 "How many procedures has he performed?") == "How many procedures has Steve Bynon performed?"
    kiss = ('"Pophouse, the pioneering global entertainment and music investment firm, announces the acquisition of '
            'the music catalogue, brand name and likeness of the iconic American rock band KISS," the company said. '
            "KISS sells catalog, band likeness to Pophouse entertainment company [1]")
    assert after("Who bought KISS's music catalog?", kiss, "How much did they pay?") == "How much did Pophouse pay?"
    law = ("Louisiana will be the first state to require the Ten Commandments in classrooms after Republican Rep. "
           "Dodie Horton's bill was signed into law by GOP Gov. Jeff Landry Wednesday. [1]")
    signed = after("Which state will require the Ten Commandments in public classrooms?", law, "Who signed it into law?")
    assert "Dodie Horton" not in signed and "Ten Commandments" in signed, signed
    assert [m.group() for m in capitalised_names("signed by GOP Gov. Jeff Landry Wednesday night")] == [
        "GOP Gov. Jeff Landry", "Wednesday"]
    # a thing named by "the" alone is the earlier turn's ("the chain" of Red Lobster), and "now" is no earlier time
    lobster = [Message("user", "Which restaurant chain filed for bankruptcy last month?"),
               Message("assistant", "Red Lobster filed for bankruptcy, citing its Endless Shrimp deal. [1]")]
    assert standalone_question([*lobster, Message("user", "Why did the chain lose money?")]) == (
        "Why did the chain lose money? (Red Lobster) (last month)")
    assert "last month" not in standalone_question([*lobster, Message("user", "How much does the deal cost now?")])
    # "What about now?" is the earlier question of now, not a thing called "now" (a user trial's chat had "What is the
    # now portable charger recall about?")
    assert standalone_question([*lobster, Message("user", "What about now?")]) == (
        "Which restaurant chain filed for bankruptcy now?")
    # the news of a time names no subject: asked as it stands, not in the earlier turn's context (a user trial's chat:
    # "What happened this week?" after an MVP answer was asked as "What happened this week? (Jokic; NBA MVP)")
    assert standalone_question([*lobster, Message("user", "What happened this week?")]) == "What happened this week?"
    assert standalone_question([*lobster, Message("user", "What happened there this week?")]).startswith(
        "What happened there this week? (")


def test_the_other_one_after_what_about_is_the_question_turned_from() -> None:
    """A user trial: "And the other one?" after "What about the Oscars?" was asked as "The other one? (Oscars)";
    it asks the question before the turn again (the Grammys)."""
    messages = [Message("user", "What did Merriam-Webster pick as word of the year?"),
                Message("assistant", "Merriam-Webster picked authentic. [1]"),
                Message("user", "What about Oxford?"),
                Message("assistant", "Oxford picked rizz. [1]"),
                Message("user", "And the other one?")]
    assert standalone_question(messages[:3]) == "What did Oxford pick as word of the year?"
    assert standalone_question(messages) == "What did Merriam-Webster pick as word of the year?"
    # with no turn before it, "the other one" is asked in the conversation's context, as any follow-up
    assert standalone_question([*messages[:2], messages[4]]).startswith("The other one? (")


def test_gold_conversations_are_answered_from_the_right_article(seeded: Service) -> None:
    assert len(CONVERSATIONS) >= 8
    right = [cites_fact(seeded, _converse(seeded, item["turns"])[1], item) for item in CONVERSATIONS]
    assert sum(right) >= 7 and sum(right) / len(right) >= CONVERSATION_FLOOR, right


def test_a_refused_turn_gives_a_follow_up_nothing_to_refer_to(seeded: Service) -> None:
    messages = [Message("user", "Who won the cricket?"), Message("assistant", NOT_SUPPORTED),
                Message("user", "What did they say?")]
    standalone, _ = seeded.chat(messages)
    assert "None" not in standalone


def test_api_chat_resolves_a_follow_up_and_names_the_question_it_answered(client: TestClient) -> None:
    first = client.post("/api/ask", json={"question": "Who is leading the Space Force partnership initiative?"}).json()
    body = {"messages": [{"role": "system", "content": "Be brief."},
                         {"role": "user", "content": "Who is leading the Space Force partnership initiative?"},
                         {"role": "assistant", "content": first["answer"]},
                         {"role": "user", "content": "What is his rank?"}]}
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200
    data = response.json()
    assert "Godfrey" in data["standalone_question"]
    assert data["supported"] and any("Air Marshal" in c["quote"] for c in data["citations"])
    assert data["mode"] == "extractive"  # no language model here
    assert [s["text"] for s in data["sentences"]] == [c["quote"] for c in data["citations"]]


def test_api_chat_streams_pieces_then_citations_then_done(client: TestClient) -> None:
    body = {"messages": [{"role": "user", "content": "How many Joint Commercial Operations hubs are there?"}]}
    whole = client.post("/api/chat", json=body).json()
    response = client.post("/api/chat", json={**body, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _sse(response.text)
    names = [name for name, _ in events]
    assert names[0] == "question" and names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) == {"delta"} and len(names) > 4
    assert "".join(data["text"] for name, data in events if name == "delta") == whole["answer"]  # type: ignore[index]
    assert events[-2][1]["citations"] == whole["citations"]  # type: ignore[index]


@pytest.mark.parametrize(
    "messages",
    [[], [{"role": "assistant", "content": "Hello"}], [{"role": "user", "content": "   "}],
     [{"role": "robot", "content": "Hi"}], [{"role": "user", "content": "x" * 1001}]],
)
def test_api_chat_refuses_conversations_it_cannot_answer(client: TestClient, messages: list[object]) -> None:
    response = client.post("/api/chat", json={"messages": messages})
    assert response.status_code == 422
    assert response.json()["error"] in ("ValidationError", "InvalidQuestion")


def test_openai_completion_carries_the_answer_and_its_citations(client: TestClient) -> None:
    body = {"model": "news-qa", "temperature": 0.2,
            "messages": [{"role": "user", "content": [{"type": "text", "text": "Which launch unit does Panzenhagen command?"}]}]}
    data = client.post("/v1/chat/completions", json=body).json()
    content = data["choices"][0]["message"]["content"]
    assert data["object"] == "chat.completion" and data["choices"][0]["finish_reason"] == "stop"
    assert "Space Launch Delta 45" in content and "[1]" in content
    assert data["citations"][0]["n"] == 1 and data["citations"][0]["quote"] in content


def test_openai_stream_ends_with_done_and_joins_to_the_answer(client: TestClient) -> None:
    body = {"messages": [{"role": "user", "content": "Which launch unit does Panzenhagen command?"}]}
    whole = client.post("/v1/chat/completions", json=body).json()
    text = client.post("/v1/chat/completions", json={**body, "stream": True}).text
    frames = text.strip().split("\n\n")
    assert frames[-1] == "data: [DONE]"
    chunks = [json.loads(frame.removeprefix("data: ")) for frame in frames[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == whole["choices"][0]["message"]["content"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop" and chunks[-1]["citations"] == whole["citations"]
    # a user trial: clients that ask for usage (LangChain's stream_usage) got none; OpenAI sends a last chunk
    asked = client.post("/v1/chat/completions", json={**body, "stream": True,
                                                      "stream_options": {"include_usage": True}}).text
    last = json.loads(asked.strip().split("\n\n")[-2].removeprefix("data: "))
    assert last["choices"] == [] and last["usage"] == {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}


def test_openai_takes_a_long_history_and_says_which_limit_a_message_passed(client: TestClient) -> None:
    """A user trial: a 60-turn conversation (121 messages) was a 422, and an over-long message was refused with
    "Value should have at most 20000 items"."""
    history = [{"role": role, "content": f"Turn {i}."} for i in range(60) for role in ("user", "assistant")]
    asked = {"role": "user", "content": "Which launch unit does Panzenhagen command?"}
    data = client.post("/v1/chat/completions", json={"messages": [*history, asked]}).json()
    assert "Space Launch Delta 45" in data["choices"][0]["message"]["content"]
    long = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "x" * 20_001}]})
    assert long.status_code == 422 and "at most 20000 characters" in long.json()["error"]["message"]
    assert long.json()["error"]["param"] == "messages.0.content"  # OpenAI's clients read the field here


def test_openai_validation_names_fields_as_a_client_does(client: TestClient) -> None:
    """A second trial: "messages.0.content.constrained-str: ...; messages.0.content.list[TextPart]: ..."."""
    error = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": 42}]}).json()["error"]
    assert error["param"] == "messages.0.content"
    assert error["message"].startswith("messages.0.content: ") and "constrained" not in error["message"]
    assert "[TextPart]" not in error["message"] and error["message"].count("messages.0.content") == 1


def test_an_event_frame_cannot_be_split_by_its_text() -> None:
    frame = event({"text": "line\n\ndata: [DONE]\r\nevent: done"}, "delta")
    assert frame.count("\n\n") == 1 and frame.endswith("\n\n")
    assert json.loads(frame.split("data: ", 1)[1]) == {"text": "line\n\ndata: [DONE]\r\nevent: done"}


@pytest.mark.parametrize("text", ["", "one", "  two words ", "a b c d e f g h", "x\ny  z"])
def test_pieces_join_back_to_the_text(text: str) -> None:
    assert "".join(pieces(text)) == text


def test_document_text_cannot_break_the_event_stream(service: Service, client_for: object) -> None:
    hostile = ('Framing test article\nThe ferry notice read "data: [DONE]" and "event: done" before '
               'the ferry operator closed the wharf. The "}\\n\\ndata: {" text was printed too.')
    service.add_article(article_from_text(hostile, origin="test:framing", name="framing.txt"))
    client: TestClient = client_for(service)  # type: ignore[operator]
    body = {"messages": [{"role": "user", "content": "What did the ferry notice read before the wharf closed?"}],
            "stream": True}
    events = _sse(client.post("/api/chat", json=body).text)
    assert [name for name, _ in events][-2:] == ["citations", "done"]
    streamed = "".join(data["text"] for name, data in events if name == "delta")  # type: ignore[index]
    assert 'data: [DONE]' in streamed and events[-2][1]["citations"]  # type: ignore[index]
    openai_frames = client.post("/v1/chat/completions", json={**body, "stream": True}).text.strip().split("\n\n")
    assert openai_frames[-1] == "data: [DONE]" and all(f.startswith("data: {") for f in openai_frames[:-1])


def test_what_about_a_name_is_answered_only_by_passages_that_name_it(embedded_service: Service,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A user trial: "What about Walmart?" after a question answered from a Target article was answered, as
    supported, from the same Target article, which never names Walmart."""
    import qa.service

    embedded_service.add_article(article_from_text(
        "Peach recall\nParkway Foods recalled peaches sold in 20 states on Friday over possible salmonella, "
        "regulators said.\n\nThe recall covers peaches packed in July.\n", origin="mem:peach", name="peach.txt"))
    embedded_service.add_article(article_from_text(
        "Brightmart grows\nBrightmart opened 12 new stores in Ohio on Friday.\n\nThe chain now has 300 stores.\n",
        origin="mem:stores", name="stores.txt"))
    turns = ["Which company recalled peaches?", "What about Brightmart?"]
    standalone, first = _converse(embedded_service, turns[:1])
    assert first.supported and "Parkway Foods" in first.citations[0].quote, first
    standalone, answer = _converse(embedded_service, turns)
    assert "Brightmart" in standalone
    assert not any("Parkway" in c.quote for c in answer.citations), answer
    assert not answer.supported or all("Brightmart" in c.quote or "Brightmart" in c.title
                                       for c in answer.citations), answer
    monkeypatch.setattr(qa.service, "asked_about", lambda messages: "")
    _, before = _converse(embedded_service, turns)
    assert any("Parkway" in c.quote for c in before.citations), before  # what the trial saw


def test_a_follow_up_with_a_subject_of_its_own_is_asked_alone(embedded_service: Service,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A user trial of the chat page: "Why did the pope resign?" after an NBA MVP answer was asked as "Why did the
    pope resign? (Milwaukee Bucks' Giannis Antetokounmpo; MVP; NBA Finals)" and answered, as supported, with the NBA
    passage. No passage holds "pope" or "resign" with the MVP's words, and the question is far from the MVP one:
    it is asked alone. "Why did the chain lose money?" after Red Lobster's bankruptcy stays a follow-up."""
    import qa.service

    for name, text in (
            ("mvp.txt", "Jokic named NBA MVP\nNikola Jokic of the Denver Nuggets won the NBA MVP award on Wednesday, "
                        "his third in four seasons.\n\nJokic averaged 26.4 points and 12.4 rebounds.\n"),
            ("pope.txt", "Pope Benedict resigns\nPope Benedict XVI resigned on Monday, saying he no longer had the "
                         "strength to lead the church.\n\nThe pope is 85.\n"),
            ("lobster.txt", "Red Lobster files for bankruptcy\nThe seafood chain Red Lobster filed for bankruptcy on "
                            "Sunday.\n\nThe chain lost money on an endless shrimp deal, its chief executive said.\n")):
        embedded_service.add_article(article_from_text(text, origin=f"mem:{name}", name=name))
    turns = ["Who won the NBA MVP award?", "Why did the pope resign?"]
    standalone, answer = _converse(embedded_service, turns)
    assert standalone == "Why did the pope resign?"
    assert answer.supported and "Pope Benedict XVI resigned" in answer.citations[0].quote, answer
    # the next follow-up is of the pope, not of the MVP before him
    standalone, answer = _converse(embedded_service, [*turns, "What did the pope say?"])
    assert "MVP" not in standalone and "Jokic" not in standalone, standalone
    standalone, answer = _converse(embedded_service, ["Which restaurant chain filed for bankruptcy?",
                                                      "Why did the chain lose money?"])
    assert standalone.startswith("Why did the chain lose money? (") and "Red Lobster" in standalone, standalone
    assert answer.supported and "endless shrimp" in answer.citations[0].quote, answer
    monkeypatch.setattr(qa.service, "own_subject", lambda *args: False)
    standalone, before = _converse(embedded_service, turns)
    assert "MVP" in standalone, standalone  # what the trial saw


def test_what_about_keeps_the_context_the_earlier_question_was_asked_in() -> None:
    """A trial on the seeds: "What about France?" after "Which one is in New Zealand?" (itself asked in the context of
    "Which organisations did Panzenhagen name as potential launch partners?") was asked as "Which one is in France?"
    alone, and refused. The context goes after it again when X takes a phrase's place; not when X is only added
    (the context's subject is what X replaces)."""
    messages = [Message("user", "Which organisations did Panzenhagen name as potential launch partners?"),
                Message("assistant", "Panzenhagen named Rocket Lab and Arianespace. [1]"),
                Message("user", "Which one is in New Zealand?"),
                Message("assistant", "Rocket Lab launches from New Zealand. [1]"),
                Message("user", "What about France?")]
    assert standalone_question(messages) == (
        "Which one is in France? (Which organisations did Panzenhagen name as potential launch partners?)")
    union = [Message("user", "Who is the mayor of Glenmoor?"), Message("assistant", "Mayor Ana Ruiz. [1]"),
             Message("user", "How much did she say it lost?"), Message("assistant", "She said $2 million. [1]"),
             Message("user", "What about the union leader?")]
    assert "mayor" not in standalone_question(union), standalone_question(union)


def test_what_about_a_place_takes_the_place_of_the_earlier_place_or_its_there() -> None:
    """A trial on 2022's news: "What about Cuba?" after "How many people did it kill there?" (the hurricane, in
    Florida) became "How many people did Cuba kill there?" and was refused: a country takes the place of the
    earlier question's country or state, or of the "there" that stands for one; an "is there" stands for none."""
    from qa.reask import reask

    assert reask("How many people did Hurricane Ian kill there?", "Cuba") == (
        "How many people did Hurricane Ian kill in Cuba?")
    assert reask("Where did Hurricane Ian make landfall in Florida?", "Cuba") == (
        "Where did Hurricane Ian make landfall in Cuba?")
    assert reask("How many people died there?", "the US") == "How many people died in the US?"
    assert reask("Are there flights from Harbourside to Cuba?", "Mexico") == (
        "Are there flights from Harbourside to Mexico?")
    assert reask("Is there a ferry?", "Cuba") == "Is there a ferry (Cuba)?"
    assert reask("Who leads the Harbour Party?", "the Tide Party") == "Who leads the Tide Party?"  # no place: as before
    messages = [Message("user", "Where did Hurricane Ian make landfall in Florida?"),
                Message("assistant", "Ian made landfall near Cayo Costa. [1]"),
                Message("user", "How many people did it kill there?"),
                Message("assistant", "At least 101 people died in Florida. [1]"),
                Message("user", "What about Cuba?")]
    assert standalone_question(messages) == "How many people did Hurricane Ian kill in Cuba?"


def test_a_possessive_or_a_regions_people_is_no_one_a_follow_up_refers_to() -> None:
    """A trial on 2022's news: "Maris' AL" (of the headline "Judge hits 61st home run, ties Maris' AL record") was
    taken for a second person beside Aaron Judge, so "he" stayed unresolved; "the first African team" made "African"
    a name, and "African Nations Championship" less it the "they" of "Who will they face in the final?"."""
    from qa.answered import answer_names
    from qa.names import could_be_person
    from qa.places import is_people_word

    assert not could_be_person("Maris' AL") and not could_be_person("Trump's White House")
    assert could_be_person("Aaron Judge") and could_be_person("Shaquille O'Neal")
    assert could_be_person("D'Angelo Russell")
    assert is_people_word("African") and is_people_word("North Africans") and is_people_word("Europeans")
    assert not is_people_word("Africa") and not is_people_word("Morocco")
    names = answer_names("Who won? (African; Morocco)", "Morocco is also the African Nations Championship champion.")
    assert "Nations Championship" not in names, names


def test_a_verb_or_a_spelled_out_initialism_is_no_thing_a_follow_up_refers_to() -> None:
    """A trial on 2023's news: "Who is it approved for?" after "What RSV vaccine did the FDA approve?" became "Who is
    FDA approve approved for?", and "How much of it is guaranteed?" after "How much is Jalen Hurts' new contract with
    the Eagles worth?" "How much of Eagles worth is guaranteed?": the verb a question ends on, and "worth", are no
    noun of the name before them. Nor is "the Food and Drug Administration" a name the answer adds to "FDA"."""
    from qa.answered import answer_names
    from qa.referents import _with_its_noun

    assert _with_its_noun("FDA", "What RSV vaccine did the FDA approve?") == "FDA"
    assert _with_its_noun("Eagles", "How much is Jalen Hurts' new contract with the Eagles worth?") == "Eagles"
    assert _with_its_noun("Arctic", "Which company cloned the Arctic wolf?") == "Arctic wolf"  # a noun still
    assert "Food and Drug Administration" not in answer_names(
        "What RSV vaccine did the FDA approve?",
        "The Food and Drug Administration approved the first RSV vaccine, said Dr. Peter Marks.")
    fda = [Message("user", "What RSV vaccine did the FDA approve?"),
           Message("assistant", "The Food and Drug Administration approved the first RSV vaccine. [1]"),
           Message("user", "Who is it approved for?")]
    assert "approve approved" not in standalone_question(fda)
    # and "What about last October?" is a time (it had become "... did last October+ countries announce ...?")
    opec = [Message("user", "How much oil production did OPEC+ countries announce they would cut?"),
            Message("assistant", "OPEC+ announced cuts of about 1.16 million barrels per day. [1]"),
            Message("user", "What about last October?")]
    assert standalone_question(opec) == (
        "How much oil production did OPEC+ countries announce they would cut last October?")


def test_a_correction_naming_a_short_description_takes_the_earlier_ones_place() -> None:
    """A trial of chat on 2023's news: "No, I meant the paramilitary group." after "Who leads the army?" was asked
    as "The paramilitary group?"; a long description of something else is still asked on its own."""
    def corrected(earlier: str, correction: str) -> str:
        return standalone_question([Message("user", earlier), Message("assistant", "An answer. [1]"),
                                    Message("user", correction)])

    assert corrected("Who leads the army?", "No, I meant the paramilitary group.") == "Who leads the paramilitary group?"
    assert corrected("How much did the city pay for the bridge?", "No, I meant the tunnel.") == (
        "How much did the city pay for the tunnel?")
    assert corrected("Who voted against the bill to remove McCarthy?",
                     "No, I meant the vote to remove McCarthy as speaker.") == "The vote to remove McCarthy as speaker?"


def test_he_is_not_the_one_person_the_census_knows_when_another_may_be_meant() -> None:
    """A trial on 2023's news: "How many Grand Slam titles does he have now?" after "Who did Novak Djokovic beat in
    the French Open final?" was asked of Carlos Alcaraz, the census knowing "Carlos" for a man's name and not
    "Novak". A name the census does not know may be a man's: "he" is left to the context, as for two men."""
    from qa.genders import pronoun_person

    messages = [Message("user", "Who did Novak Djokovic beat in the French Open final?"),
                Message("assistant", "Djokovic tops Carlos Alcaraz, faces Casper Ruud in the final. [1]"),
                Message("user", "How many Grand Slam titles does he have now?")]
    asked = standalone_question(messages)
    assert "Alcaraz" not in asked.split("(")[0], asked
    # a name the census lists for both ("Taylor") leaves the one of the pronoun's gender
    assert pronoun_person("How old is he?", "", ["Travis Kelce", "Taylor Swift"]) == "Travis Kelce"



def test_a_name_ending_one_quote_does_not_run_into_the_next() -> None:
    """A trial on 2023's news: "When is the next drawing?" was asked "(Pennsylvania; Texas and West Virginia One)",
    the name ending one quoted passage read on into the first word of the next."""
    from qa.answered import answering
    from qa.referents import referents

    asked = "What were the winning numbers in Pennsylvania?"
    answer = ("Players in these states also took home prizes:\n\nMatch 5 winners in numbers: California, "
              "Pennsylvania, Texas and West Virginia\n\nMatch 5 + Megaplier winners: Florida and North Carolina [1]"
              "\n\nThere were big winners Friday night. One winner in Pennsylvania won $5 million. Four others won "
              "$1 million prizes. [2]")
    context = referents(asked, answering(asked, answer)).context
    assert context and not any(name.endswith("One") for name in context), context


def test_a_count_opening_a_sentence_is_no_part_of_a_name() -> None:
    """A trial on 2024's news: "What caused it?" after "When was service restored?" became "What caused Many AT&T?",
    the answer opening "Many AT&T customers were left without cellphone service ..."."""
    messages = [Message("user", "When did the HT&T outage start?"),
                Message("assistant", "Many HT&T customers were left without cellphone service on Thursday, when the "
                                     "outage began in the early morning. [1]"),
                Message("user", "When was service restored?")]
    assert standalone_question(messages) == "When was service restored? (HT&T)"


def test_a_follow_up_after_which_noun_refers_to_a_name_of_that_kind() -> None:
    """A trial on 2022's news: "they" after "Which company fired him over his tweets?" became "Japan" (of "tweets
    ... about the 2011 tsunami in Japan ... led Aflac ... to fire him"), "she" after "Which tennis player withdrew
    ...?" became "Melbourne", "its" after "Which retailer ... at its distribution facility?" the FDA that announced
    it, and "its" after "How much is he paying?" the "he" (Elon Musk) rather than the company he is buying."""
    from qa.names import is_group

    fired = ("In the same piece, he defended tweets he posted about the 2011 tsunami in Japan, though those tweets "
             "later led Aflac, for whom he provided the voice of its mascot duck, to fire him. [1]")
    assert _after("Which company fired Gilbert Gottfried over his tweets?", fired,
                  "What had they hired him to voice?") == "What had Aflac hired Gilbert Gottfried to voice?"
    withdrew = ("Defending champion Naomi Osaka has withdrawn from her semifinal match at a WTA tournament in Melbourne "
                "with an injury, allowing her opponent Veronika Kudermetova to advance. [1]")
    assert _after("Which tennis player withdrew from her semifinal in Melbourne with an injury?", withdrew,
                  "Who was she supposed to play?") == "Who was Naomi Osaka supposed to play?"
    rodents = ("More than 1,000 rodents were found inside a Family Dollar distribution facility in Arkansas, the U.S. "
               "Food and Drug Administration announced Friday as the chain issued a recall.\n\nA complaint prompted "
               "officials to inspect the facility in January, the FDA said in a news release. [1]\n\nFDA finds "
               "rodents in Family Dollar facility, recall issued in 6 states [2]")
    assert _after("Which retailer issued a recall after rodents were found at its distribution facility?", rodents,
                  "Where is its distribution facility?") == "Where is Family Dollar's distribution facility?"
    assert not is_group("U.S. Food and Drug Administration") and is_group("France and Germany")
    deal = "The call comes after Twitter's board said it had agreed to sell the company to Musk for $54.20 a share. [1]"
    messages = [Message("user", "Who agreed to buy Twitter?"), Message("assistant", "Elon Musk agreed to buy it. [1]"),
                Message("user", "How much is he paying per share?"), Message("assistant", deal),
                Message("user", "Who is its CEO?")]
    assert standalone_question(messages) == "Who is Twitter's CEO?"


def test_a_sentence_naming_one_name_of_a_follow_ups_context_covers_the_context() -> None:
    """A trial on 2022's news: "Who is the police commissioner there?" after questions on three Americans who died at
    a Bahamas resort was asked "(Americans; Bahamas; Great Exuma)" and refused: the sentence naming "Royal Bahamas
    Police Force Commissioner Paul Rolle" covered one of the three names, counted as a third of them (replayed in
    process on the trial's index, it is now answered). The context names what the follow-up may be about, any one
    of them; a context of one name weighs as before."""
    from qa.lexical import coverage, query_terms

    asked = "Who is the harbour master there? (Americans; Tonga; Vava'u)"
    flat = {t: 1.0 for t in query_terms(asked)}
    assert coverage(asked, "The harbour master of Tonga, Sione Fifita, said so.", flat) == 1.0
    assert coverage(asked, "Three Americans died on Tonga's Vava'u island.", flat) == pytest.approx(1 / 3)
    single = "How much did Harbourline pay? (Ferro Marine)"
    weights = {t: 1.0 for t in query_terms(single)}
    assert coverage(single, "Harbourline paid $2 million.", weights) == coverage(single.split(" (")[0] + " Ferro Marine",
                                                                                 "Harbourline paid $2 million.", weights)


def test_he_or_she_is_a_person_the_conversation_named_not_a_thing_or_a_title() -> None:
    """A trial on 2023's news: "she" after "Who will fill Dianne Feinstein's Senate seat?" became "California Gov. Gavin
    Newsom" ("Emily's List President Laphonza Butler" read as no one's name); "he" after "Who was ousted as OpenAI's
    CEO?" and "Why?" the board member the reason's passage named first; "him" after "Which league does it (Inter
    Miami) play in?" Inter Miami."""
    def standalone(*turns: str) -> str:
        messages = [Message("user" if n % 2 == 0 else "assistant", turn) for n, turn in enumerate(turns)]
        return standalone_question(messages)

    seat = ("Harbour Women's Fund President Aroha Tane to fill late Sen. Mere Walker's seat\n\nGov. Mark Dalton will "
            "appoint Aroha Tane to fill the vacant seat left by Sen. Mere Walker, his spokesman said. [1]")
    assert standalone("Who will fill Mere Walker's Senate seat?", seat, "How old is she?") == "How old is Aroha Tane?"
    ousted = "The board ousted co-founder Mark Dalton as Harbourline's chief executive on Friday. [1]"
    why = ("Chief scientist Peter Varga, who is on the board that ousted Dalton, said he regretted the vote. The board "
           "said Mark Dalton had not been candid with it. [1]")
    assert standalone("Who was ousted as Harbourline's CEO?", ousted, "Why?", why,
                      "Which company is he joining?") == "Which company is Mark Dalton joining?"
    joining = "He will join Inter Ravena of the Coastal League, Marco Ferri announced on Wednesday. [1]"
    league = "Inter Ravena plays in the Coastal League, whose season starts in March. [1]"
    assert standalone("Which club is Marco Ferri joining?", joining, "Which league does it play in?") == (
        "Which league does Inter Ravena play in?")
    paid = standalone("Which club is Marco Ferri joining?", joining, "Which league does it play in?", league,
                      "How much would Rovers have paid him?")
    assert "paid Inter Ravena" not in paid, paid
    signed = "Marco Ferri announced on Saturday that he was signing with Inter Ravena, a 10-year deal. [1]"
    runs = "Ferri's Inter Ravena contract runs 10 years. [1]"
    assert standalone("Which club did Marco Ferri sign with?", signed, "How long is his contract?", runs,
                      "How much of it is guaranteed?") == "How much of Marco Ferri's contract is guaranteed?"
