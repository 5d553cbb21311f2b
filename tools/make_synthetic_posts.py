"""Write the kit's synthetic corpus, ``data/synthetic_posts.csv``: invented posts for a censor.

The censorship lesson needs posts labelled by what a censor is aiming at, in English and
Chinese, including the spellings people use to slip past keyword lists. Real posts cannot be
shipped (they belong to their authors, and many are about people), so every post here is
invented from templates and slot values in this file, with a fixed seed. Nothing is copied
from any source. Run it again and the file comes out byte for byte the same::

    python tools/make_synthetic_posts.py            # (re)write data/synthetic_posts.csv
    python tools/make_synthetic_posts.py --check    # exit 1 if the committed file differs

Codebook
========

One row is one invented post of at most 140 characters. The columns:

``id``
    ``syn-0001``, ``syn-0002``...: stable as long as this script and its seed do not change.
``language``
    ``en`` or ``zh``: the language of the post's sentence. A Chinese word or pinyin inside an
    English sentence does not change it (and the other way round).
``text``
    The post. UTF-8; may contain emoji.
``label``
    ``target`` when the post refers to one of the three things a *fictional* censor's policy
    is aimed at, whatever spelling it uses:

    a. the anniversary of 4 June 1989 (Tiananmen Square): the date, the events, or the famous
       "Tank Man" photograph;
    b. a call to protest: an invitation to join a protest, march or demonstration, usually with
       a time or a place ("join the protest at city hall on Saturday");
    c. the nickname used to mock a leader: Winnie the Pooh / 小熊维尼 used about a leader
       (no leader is named in the corpus).

    ``benign`` otherwise. That includes *traps*: posts that contain a policy keyword by
    coincidence, such as a June 4th birthday, a fish tank, a think tank manager, a score or a
    split of 六四 ("6:4"), a room of 8平方 (8 square metres), a referee's call that players
    protest, a cat on hunger strike (绝食抗议), a parade (游行), a bedtime story or a ride
    featuring Winnie the Pooh, a bear at the zoo, a puppy called Winnie, or a tourist watching
    the flag-raising in Tiananmen Square. Traps are what make over-blocking measurable.
``topic``
    ``june_fourth``, ``protest``, ``leader_nickname`` or ``everyday``. For a target post, the
    thing it refers to. For a benign post, the policy topic whose vocabulary it borrows by
    coincidence (a trap), or ``everyday`` if it borrows none (food, cats and the "cat tax",
    travel, language exchange, homework help, weather).
``evasion``
    How a target post spells its topic; always ``none`` for benign posts.

    - ``none``: the plain word (六四, June 4th, Tank Man, protest, 抗议, 游行, 维尼, Winnie the
      Pooh).
    - ``spacing``: spaces, dots, dashes or other punctuation inside a keyword (六 四, 六.四,
      t.a.n.k m.a.n, p r o t e s t, 维 尼).
    - ``homophone``: a sound-alike or a stand-in that reads as the keyword: 河蟹 ("river
      crab") for 和谐 ("harmony", the official word used for censorship), 五月三十五日 /
      "May 35th" for 4 June, 8平方 ("8 squared" = 64).
    - ``pinyin``: the Latin spelling of the Chinese word (liusi, liu si, kangyi, youxing,
      weini).
    - ``wordplay``: the topic described without its keywords ("that day in early June", "the
      famous tank photo", 那年那天, 春夏之交, "a walk" for a protest (散步), blank sheets of
      paper, "a certain honey-loving yellow bear").

    Every one of these is documented in public research and reporting on Chinese platforms.
    When a post uses two evasions (五月三十五日 and 河蟹), it is coded by the one that carries
    the topic.
``synthetic``
    Always ``true``: no row is a real post.
``generator``
    Always ``tools/make_synthetic_posts.py seed 2025``.

Limits of the coding, for the lesson to discuss: the policy is invented and far narrower than
any real one; every post was written to be clearly on one side of it (no post is ambiguous,
which real posts often are); and the share of target posts is far higher than on a real
platform, so that a class of 300 posts has enough of each evasion to count.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geopolitics.paths import DATA

OUTPUT = DATA / "synthetic_posts.csv"
SEED = 2025
GENERATOR = "tools/make_synthetic_posts.py seed 2025"
COLUMNS = ("id", "language", "text", "label", "topic", "evasion", "synthetic", "generator")
MAX_CHARS = 140
TOPICS = ("june_fourth", "protest", "leader_nickname", "everyday")
EVASIONS = ("none", "spacing", "homophone", "pinyin", "wordplay")


# --- slot values: the words templates are filled with -----------------------------------------

SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "end": ("", " 🙂", " 🤔", " 🙏", " 😅"),
        "pet": ("Mochi", "Tofu", "Biscuit", "Pepper", "Noodle", "Luna", "Milo", "Dumpling"),
        "state": ("Ohio", "Texas", "Oregon", "Michigan", "Georgia", "Arizona", "Maine", "Iowa"),
        "us_city": ("Boston", "Denver", "Chicago", "Austin", "Seattle", "Atlanta"),
        "city": ("Chengdu", "Xi'an", "Chongqing", "Hangzhou", "Guilin", "Harbin", "Kunming"),
        "food": ("dumplings", "hot pot", "mapo tofu", "scallion pancakes", "bubble tea",
                 "jianbing", "beef noodle soup", "mooncakes"),
        "subject": ("maths", "chemistry", "physics", "biology", "history"),
        "dish": ("fried rice", "mapo tofu", "tomato and egg stir-fry", "kung pao chicken",
                 "garlic greens"),
        "weekday": ("Saturday", "Sunday", "Wednesday", "Friday"),
        "when": ("Saturday at 10am", "Sunday at noon", "Friday at 6pm", "Saturday at 2pm",
                 "Sunday at 3pm", "Monday at 5pm"),
        "gather": ("city hall", "the town square", "the main park", "the library steps",
                   "the river park"),
        "issue": ("the new parking fees", "the rent increases", "closing the night market",
                  "the new factory plan", "cutting the bus routes", "the school closures"),
        "n": ("2", "3", "4", "5", "6"),
    },
    "zh": {
        "end": ("", "。", "～", " 🙏", "😅"),
        "pet": ("咪咪", "橘子", "豆豆", "团子", "年糕", "小黑"),
        "state": ("俄亥俄", "德州", "加州", "纽约", "西雅图", "芝加哥"),
        "city": ("成都", "西安", "重庆", "杭州", "桂林", "哈尔滨", "昆明", "长沙"),
        "food": ("红烧肉", "番茄炒蛋", "饺子", "火锅", "煎饼果子", "麻婆豆腐", "酸菜鱼", "小笼包"),
        "subject": ("数学", "物理", "化学"),
        "english": ("英语作文", "英语阅读", "英语语法", "英语口语"),
        "trip": ("成都回来，火锅", "西安回来，肉夹馍", "重庆回来，小面", "杭州回来，西湖醋鱼",
                 "长沙回来，臭豆腐", "桂林回来，米粉", "哈尔滨回来，锅包肉"),
        "day": ("周六", "周日", "明天", "这周五"),
        "hour": ("上午十点", "中午十二点", "下午三点", "晚上七点"),
        "gather": ("市政府", "人民广场", "区政府", "市中心广场", "滨江公园"),
        "issue": ("新的停车收费", "房租上涨", "化工厂项目", "公交线路削减", "学校合并",
                  "夜市关闭"),
    },
}


# --- templates, one group per kind of post -----------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One kind of post: its codes, how many to write, and the templates to write them from."""

    language: str
    topic: str
    label: str
    evasion: str
    count: int
    templates: tuple[str, ...]


def target(language: str, topic: str, evasion: str, count: int, *templates: str) -> Kind:
    return Kind(language, topic, "target", evasion, count, templates)


def benign(language: str, topic: str, count: int, *templates: str) -> Kind:
    return Kind(language, topic, "benign", "none", count, templates)


JUNE_FOURTH = (
    target("en", "june_fourth", "none", 8,
           "Today is June 4th. A friend told me what happened in Tiananmen Square in 1989 and "
           "I want to learn more{end}",
           "Does anyone here talk about the Tank Man photo from 1989? I just saw it for the "
           "first time{end}",
           "Is it true that posts about June 4th, 1989 get removed here? Asking as a newcomer "
           "from {state}{end}",
           "Thinking about the students in Tiananmen Square on June 4th, 1989{end}",
           "My history teacher showed us the Tank Man picture today. How do people in China "
           "learn about it?{end}",
           "Every year on June 4th I read about 1989. Curious what people here were taught{end}",
           "New here from {state}. Are we allowed to mention the Tank Man photo on this app?",
           "Just learned what 六四 means. I had no idea{end}"),
    target("zh", "june_fourth", "none", 8,
           "今天是六四，想起了1989年的那个夏天{end}",
           "美国网友问我六四是什么，我不知道怎么回答{end}",
           "六四的事情在这里可以讨论吗？",
           "看到有人发tank man的照片，几分钟就没了{end}",
           "每年六四我都会想起天安门广场上的学生{end}",
           "还有人记得1989年的六四吗？",
           "老外问坦克人的照片是哪一年的，我说是1989年六四{end}",
           "{state}的朋友问起六四，我们聊了很久{end}"),
    target("en", "june_fourth", "spacing", 6,
           "Why do my posts about J u n e 4 1989 keep disappearing?{end}",
           "Saw the t.a.n.k m.a.n photo trending for five minutes, then gone{end}",
           "Writing it like this so it stays up: 六 四, 1989{end}",
           "T-a-n-k M-a-n. You know the picture{end}",
           "Anyone else remember Tian-an-men, 1989?{end}",
           "Posting about 六.四 again, let's see how long it lasts{end}"),
    target("zh", "june_fourth", "spacing", 6,
           "今天是六 四，不多说了{end}",
           "六.四 那年的事，我们应该记得{end}",
           "有人发了 t a n k m a n 的照片，居然还没被删{end}",
           "每年的六/四都很安静{end}",
           "天 安 门 1989，懂的都懂{end}",
           "六_四 这两个字连在一起就发不出去{end}"),
    target("en", "june_fourth", "homophone", 6,
           "Happy May 35th to everyone who knows what that means{end}",
           "Every year on May 35th I light a candle{end}",
           "Learned a new date today: May 35th. People here are creative{end}",
           "Why do people here write May 35th? Someone said it's about 1989{end}",
           "8 squared day is coming, and everyone knows which day that is{end}",
           "Saw a post about 8平方 and only got it when someone said 8×8 = 64{end}"),
    target("zh", "june_fourth", "homophone", 6,
           "又到了五月三十五日，大家都懂{end}",
           "五月三十五日，我会点一支蜡烛{end}",
           "8平方那天发生的事，我们这里不能说{end}",
           "今天是5月35日，评论区都被河蟹了{end}",
           "五月三十五日的帖子又被河蟹了{end}",
           "每到8平方纪念日，热搜就特别安静{end}"),
    target("en", "june_fourth", "pinyin", 5,
           "A friend from {city} told me not to write liusi here. Why?{end}",
           "Is liusi still a sensitive word in 2025?{end}",
           "Learning Chinese: what does Liu Si refer to? My tutor went quiet{end}",
           "Typing liu si instead of the characters so this post survives{end}",
           "ba jiu liu si. That's all I'll say{end}"),
    target("zh", "june_fourth", "pinyin", 5,
           "有人知道 liusi 吗？老外问我的{end}",
           "用拼音写 liu si 应该不会被删吧{end}",
           "LIUSI 那年我还没出生{end}",
           "今天是 liu si，拼音写一下{end}",
           "ba jiu liu si，懂的人自然懂{end}"),
    target("en", "june_fourth", "wordplay", 7,
           "Thinking about that day in early June, 1989{end}",
           "The famous tank photo still gives me chills{end}",
           "What happened in the big square in Beijing in spring '89? Nobody here will say{end}",
           "The man with the shopping bags standing in front of the tanks. You know the one{end}",
           "Some dates can't be written here. The day after June 3rd, for example{end}",
           "That picture of one man and a line of tanks. Is it really unknown here?{end}",
           "Remembering the students in the square, the summer of '89{end}"),
    target("zh", "june_fourth", "wordplay", 7,
           "那年那天，我们都不会忘记{end}",
           "八九年春夏之交的事，现在的年轻人还知道吗{end}",
           "那张著名的坦克照片，美国网友一直在问{end}",
           "六月三号的第二天，总是特别安静{end}",
           "那一年广场上的学生，你们还好吗{end}",
           "拎着购物袋站在坦克前面的那个人，谁还记得{end}",
           "某个不能说的日子又要到了，就在六月初{end}"),
)

PROTEST = (
    target("en", "protest", "none", 7,
           "Join the protest at {gather} on {when} against {issue}{end}",
           "We're organising a protest outside {gather} about {issue}. Bring friends{end}",
           "Who's coming to protest {issue} at {gather} this {weekday}?{end}",
           "Let's march to {gather} on {weekday} and protest {issue} together{end}",
           "Protest against {issue}: {gather}, {when}. Spread the word{end}",
           "Tired of {issue}? Come and protest with us at {gather}, {when}{end}",
           "Protest at {gather}, {when}. Signs, water and friends welcome{end}"),
    target("zh", "protest", "none", 7,
           "{day}{hour}在{gather}集合，抗议{issue}{end}",
           "大家{day}一起去{gather}游行，反对{issue}{end}",
           "反对{issue}的朋友，{day}到{gather}示威{end}",
           "{issue}必须停下来！{day}{gather}见，一起抗议{end}",
           "号召大家{day}上街游行，抗议{issue}{end}",
           "{day}{hour}，{gather}，一起抗议{issue}{end}",
           "想反对{issue}的，{day}来{gather}参加游行{end}"),
    target("en", "protest", "spacing", 5,
           "P r o t e s t at {gather}, {when}. Be there{end}",
           "Pro-test against {issue} at {gather} this {weekday}{end}",
           "Big p.r.o.t.e.s.t on {when} at {gather}, spread the word{end}",
           "Let's all p-r-o-t-e-s-t {issue}: {gather}, {when}{end}"),
    target("zh", "protest", "spacing", 5,
           "{day}{gather}集合，抗 议{issue}{end}",
           "大家{day}一起去游.行，地点{gather}{end}",
           "抗/议{issue}，{day}{hour}{gather}见{end}",
           "{day}示 威，{gather}，不见不散{end}"),
    target("en", "protest", "pinyin", 4,
           "kangyi at {gather}, {when}. You know what for{end}",
           "Who's up for a youxing to {gather} on {weekday}? Bring signs{end}",
           "shiwei on {when}, {gather}. Tell everyone{end}"),
    target("zh", "protest", "pinyin", 4,
           "{day}{gather}，kangyi {issue}{end}",
           "大家{day}一起去 you xing，{gather}集合{end}",
           "{issue}太过分了，{day}{hour} kang yi{end}"),
    target("en", "protest", "wordplay", 6,
           "Let's all take a walk at {gather} on {when}. You know why{end}",
           "Everyone unhappy about {issue}: {gather}, {when}. Bring a sign{end}",
           "Group stroll to {gather} this {weekday} to show how we feel about {issue}{end}",
           "{when}, {gather}: we all hold up blank sheets of paper. Pass it on{end}"),
    target("zh", "protest", "wordplay", 6,
           "{day}{hour}，{gather}集体散步，懂的来{end}",
           "对{issue}不满的，{day}去{gather}散散步{end}",
           "{day}{gather}见，每人带一张白纸{end}",
           "{day}我们去{gather}散个步，顺便聊聊{issue}{end}",
           "{issue}的事，{day}{hour}{gather}，人越多越好{end}"),
)

LEADER_NICKNAME = (
    target("en", "leader_nickname", "none", 6,
           "Can we post Winnie the Pooh memes about a certain leader here, or is that still a "
           "no?{end}",
           "Why does comparing a leader to Winnie the Pooh get posts removed? Asking for a "
           "friend{end}",
           "Everyone knows who people mean when they put Winnie the Pooh next to a "
           "politician{end}",
           "So the Winnie the Pooh joke about the leader is why that film never came out "
           "there?{end}",
           "Posted a 维尼 meme about the big boss and it vanished in minutes{end}",
           "Heard a Winnie the Pooh meme about a certain leader can get an account suspended. "
           "True?{end}"),
    target("zh", "leader_nickname", "none", 6,
           "小熊维尼又被拿来比喻某位领导了，懂的都懂{end}",
           "为什么发维尼表情包会被删？因为像某个人吗{end}",
           "美国网友问小熊维尼为什么敏感，我该怎么解释{end}",
           "评论区有人用维尼调侃领导，秒删{end}",
           "拿维尼比领导的梗在这里还能发吗{end}",
           "维尼和领导的对比图，发一次删一次{end}"),
    target("en", "leader_nickname", "spacing", 4,
           "W i n n i e the Pooh memes about a certain someone, allowed here?{end}",
           "Posting W.i.n.n.i.e pics next to the big guy's photo, let's see{end}",
           "The 维 尼 joke about the leader still works{end}",
           "Is it the bear itself or the W-i-n-n-i-e and leader comparison that gets "
           "flagged?{end}"),
    target("zh", "leader_nickname", "spacing", 4,
           "维 尼 又和领导一起上热搜了，懂的都懂{end}",
           "发个小熊·维尼，配上领导的照片{end}",
           "维.尼 调侃领导的梗现在还能用吗{end}",
           "小 熊 维 尼 和某位大人物，到底哪里像{end}"),
    target("en", "leader_nickname", "pinyin", 3,
           "Is a weini meme about a certain leader going to get me banned?{end}",
           "Someone told me to write Wei Ni instead of Pooh when joking about the leader. "
           "Why?{end}",
           "Pinyin lesson today: weini, the bear people compare to a certain leader{end}"),
    target("zh", "leader_nickname", "pinyin", 3,
           "weini 的表情包又被删了，说是像某个人{end}",
           "用拼音写 wei ni 调侃领导，能活多久{end}",
           "xiao xiong weini 和那位大人物{end}"),
    target("en", "leader_nickname", "wordplay", 4,
           "A certain honey-loving yellow bear is not welcome here, I hear. Wonder who he "
           "reminds them of{end}",
           "That cartoon bear who looks a bit like someone important. You know the one{end}",
           "Tried to post the bear-and-leader comparison meme. Gone in five minutes{end}",
           "The honey-pot bear meme about the top guy is back. Let's see how long it lasts{end}"),
    target("zh", "leader_nickname", "wordplay", 4,
           "那只爱吃蜂蜜的小熊，我们都知道说的是谁{end}",
           "某只黄色的卡通熊又被限流了，因为长得像某位领导{end}",
           "蜂蜜罐小熊和那位的对比图，又没了{end}",
           "爱吃蜂蜜的那位又被做成表情包了{end}"),
)

TRAPS = (
    benign("en", "june_fourth", 10,
           "My birthday is June 4th and it's on a {weekday} this year! Cake ideas?{end}",
           "Final exams start June 4th, send study tips and {food}{end}",
           "Our fish tank man comes every {weekday} to clean the filter. The guppies love "
           "him{end}",
           "My sister just started as a think tank manager in {us_city}. So proud{end}",
           "Watched the flag-raising at Tiananmen Square at dawn. So many tourists, so "
           "cold{end}",
           "Our wedding anniversary is June 4th, any restaurant tips in {city}?{end}",
           "Moved the fish tank to the living room and {pet} the cat is obsessed{end}",
           "Won my tennis match 6:4, 6:4 today. Legs are jelly{end}"),
    benign("zh", "june_fourth", 10,
           "这个项目我们六四开，你觉得公平吗{end}",
           "第一盘六四拿下，第二盘输了{end}",
           "租的房间只有8平方，但是采光很好{end}",
           "凌晨去天安门看升旗，人超级多{end}",
           "我生日是6月4日，今年想去{city}过{end}",
           "合伙开店，利润六四分成{end}",
           "周末和朋友玩坦克大战，输惨了{end}",
           "厨房改造完只有8平方，够用了{end}"),
    benign("en", "protest", 7,
           "The players protested the referee's call but the goal stood{end}",
           "{pet} protests loudly every time I close the bathroom door{end}",
           "My toddler staged a protest against broccoli at dinner{end}",
           "Our team filed a protest about the referee's call in the final. Fingers "
           "crossed{end}",
           "The marching band at the {us_city} parade was the best part{end}"),
    benign("zh", "protest", 7,
           "球员向裁判抗议，但是进球有效{end}",
           "我家{pet}因为晚饭晚了，绝食抗议{end}",
           "迪士尼的花车游行太好看了{end}",
           "孩子用不吃青菜来抗议{end}",
           "教练对裁判的判罚提出抗议，比赛暂停了五分钟{end}",
           "春节庙会有舞龙游行，超级热闹{end}"),
    benign("en", "leader_nickname", 7,
           "Reading Winnie the Pooh to my niece tonight, she loves Piglet{end}",
           "The Winnie the Pooh ride at Shanghai Disneyland had a 20 minute line{end}",
           "The zoo's new bear cub looks just like Winnie the Pooh{end}",
           "Our puppy Winnie just learned to sit{end}",
           "My manager pooh-poohed my idea, then presented it as his own{end}",
           "Bought a Winnie the Pooh honey pot mug in {city} for my mum{end}"),
    benign("zh", "leader_nickname", 7,
           "给侄女读小熊维尼的故事，她最喜欢小猪{end}",
           "上海迪士尼的小熊维尼历险记排队二十分钟{end}",
           "动物园新来的小熊，长得好像维尼{end}",
           "买了一个小熊维尼的蜂蜜罐杯子{end}",
           "我家狗狗叫维尼，今天学会了握手{end}",
           "小熊维尼的绘本是我小时候最喜欢的书{end}",
           "{city}的商场有小熊维尼的快闪店，好多人拍照{end}"),
)

EVERYDAY = (
    benign("en", "everyday", 60,
           "Hi from {state}! New here after the TikTok news. Here's my cat {pet} as the cat "
           "tax 🐱",
           "Paying my cat tax: this is {pet}, who sleeps 20 hours a day{end}",
           "Can anyone share an easy recipe for {food}? I want to cook for my roommates this "
           "{weekday}{end}",
           "Tried {food} for the first time today and now I get the hype{end}",
           "Language exchange? I can help with English and I'd love to practise my tones{end}",
           "Anyone want to swap: I help with your English homework, you teach me how to order "
           "{food}?{end}",
           "Planning a trip to {city} next spring. What should a first-timer not miss?{end}",
           "Just got back from {city}. The food was incredible and everyone was so kind{end}",
           "Happy to check English essays for students here, send me a message{end}",
           "Someone helped me with my {subject} homework at 2am and I owe them forever{end}",
           "How do you say 'my cat is judging me' in Chinese? Asking for {pet}{end}",
           "Day {n} on RedNote: I can say thank you and I know how to pay the cat tax{end}",
           "{pet} knocked my tea off the table again. Cat tax and a warning{end}",
           "My first try at writing Chinese characters. Be kind, it's been {n} weeks{end}",
           "Is it cold in {city} in March? Packing for my first trip{end}",
           "Learning to make {dish} in my new wok. Wish me luck{end}",
           "Greetings from {state}, where it snowed again. Send {food}{end}",
           "Who else is here from {state}? Let's learn Chinese together{end}"),
    benign("zh", "everyday", 60,
           "欢迎各位美国网友！想吃什么中国菜可以问我{end}",
           "猫税已交：这是我家{pet} 🐱",
           "今天做了{food}，第一次成功，太开心了{end}",
           "求推荐{city}好吃的小店，下个月去玩{end}",
           "刚从{trip}真的绝了{end}",
           "有没有美国朋友帮我看看{english}作业？可以教你中文作为交换{end}",
           "语言交换：我教中文，你教英语，每周视频一次怎么样{end}",
           "美国网友问我{food}怎么做，我连夜写了一份菜谱{end}",
           "我家{pet}今天又把杯子推下桌了{end}",
           "评论区的{state}朋友太热情了，今天学会了好多俚语{end}",
           "第一次用英语跟外国网友聊天，紧张但是很好玩{end}",
           "{city}这几天降温了，大家出门多穿点{end}",
           "教大家一句中文：吃了吗？就是打招呼的意思{end}",
           "周末在家撸猫，{pet}睡得比我还香{end}",
           "有人想一起学做{food}吗？我录个视频{end}",
           "这道{subject}题我算了一晚上，谁能帮帮我{end}",
           "{state}的网友说想来{city}旅游，我当导游{end}"),
)

KINDS: tuple[Kind, ...] = (*JUNE_FOURTH, *PROTEST, *LEADER_NICKNAME, *TRAPS, *EVERYDAY)


# --- writing posts -----------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")
_TRIES_PER_POST = 200


class CorpusError(Exception):
    """The templates cannot produce the posts asked for (too few distinct texts, too long)."""


def fill(template: str, language: str, rng: random.Random) -> tuple[str, str]:
    """One post from one template, with slots filled from the seeded rng, and its core.

    The core is the post without its ending (an emoji or a final mark). Cores must be unique
    too, so that no two posts differ only by an emoji.
    """
    words = _SLOT.sub(
        lambda m: m.group() if m.group(1) == "end" else rng.choice(SLOTS[language][m.group(1)]),
        template,
    )
    text = words.replace("{end}", rng.choice(SLOTS[language]["end"])) if "{end}" in words else words
    return text, words.replace("{end}", "")


def write_kind(kind: Kind, rng: random.Random, taken: set[str]) -> list[str]:
    """``kind.count`` new texts, taking the templates in turn so each one is used."""
    texts: list[str] = []
    for attempt in range(kind.count * _TRIES_PER_POST):
        if len(texts) == kind.count:
            break
        text, core = fill(kind.templates[attempt % len(kind.templates)], kind.language, rng)
        if core not in taken and text not in taken and len(text) <= MAX_CHARS:
            taken.update((core, text))
            texts.append(text)
    if len(texts) < kind.count:
        raise CorpusError(
            f"only {len(texts)} distinct posts of at most {MAX_CHARS} characters could be "
            f"written for {kind.language}/{kind.topic}/{kind.label}/{kind.evasion}, not "
            f"{kind.count}: add templates or slot values, or lower the count.")
    return texts


def build_rows(seed: int = SEED) -> list[dict[str, str]]:
    """Every post with its codes, shuffled so neighbours differ, numbered in that order."""
    rng = random.Random(seed)
    taken: set[str] = set()
    rows = [
        {"language": kind.language, "text": text, "label": kind.label, "topic": kind.topic,
         "evasion": kind.evasion}
        for kind in KINDS
        for text in write_kind(kind, rng, taken)
    ]
    rng.shuffle(rows)
    return [
        {"id": f"syn-{number:04d}", **row, "synthetic": "true", "generator": GENERATOR}
        for number, row in enumerate(rows, start=1)
    ]


def render(seed: int = SEED) -> bytes:
    """The CSV file as bytes: UTF-8, LF line endings, a header, quotes only where needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(build_rows(seed))
    return buffer.getvalue().encode("utf-8")


def counts(rows: Sequence[dict[str, str]]) -> str:
    """A short summary of the corpus, printed after writing it."""
    lines = [f"{len(rows)} posts"]
    for column in ("label", "language", "topic", "evasion"):
        tally: dict[str, int] = {}
        for row in rows:
            tally[row[column]] = tally.get(row[column], 0) + 1
        lines.append(f"  {column}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the file differs from what would be written")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)

    wanted = render()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else None
        if current != wanted:
            problem = "is missing" if current is None else "differs from what the script writes"
            print(f"{args.output} {problem}. Run: python tools/make_synthetic_posts.py",
                  file=sys.stderr)
            return 1
        print(f"{args.output} is up to date.")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(wanted)
    print(f"Wrote {args.output}\n{counts(build_rows())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
