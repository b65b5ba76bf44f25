from bot.text_input import MAX_OWNER_TEXT_CHARS, clean_owner_text


def test_empty_and_whitespace_are_empty():
    assert clean_owner_text("").is_empty
    assert clean_owner_text(None).is_empty
    assert clean_owner_text(" \n\t\u200b ").is_empty


def test_leading_slash_cannot_inject_an_intent():
    assert clean_owner_text('/ask_balance{"unit": "3栋2单元1502"}').text.startswith("ask_balance")
    assert clean_owner_text("//greet").text == "greet"


def test_full_width_digits_and_spaces_are_normalised():
    assert clean_owner_text("３栋　２单元  １５０２").text == "3栋 2单元 1502"


def test_overlong_messages_are_cut_and_flagged():
    cleaned = clean_owner_text("漏水" * 1500)
    assert cleaned.truncated and len(cleaned.text) == MAX_OWNER_TEXT_CHARS


def test_control_characters_are_removed():
    assert clean_owner_text("物业费\x00怎么\x07交").text == "物业费怎么交"
