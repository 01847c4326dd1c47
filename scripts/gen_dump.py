#!/usr/bin/env python3
"""Deterministic synthetic dump of Vietnamese messages, for benchmarking `canhgiac scan`.

Each record is one message of 100-2,000 UTF-8 bytes, written as JSON Lines
(`{"id": "m00000001", "text": "..."}`) or as CSV (`--format csv`: header `id,text`, every
field quoted, letters and chats keep their line breaks inside the quoted field).

The messages are assembled from this script's own word lists and templates:

  * genres (by message): ~45% chat (one message or a short conversation, sometimes with
    timestamps), ~20% SMS (one notice: bank, telco, delivery, OTP, school...), ~20% work
    e-mails (subject, greeting, paragraphs, signature) and ~15% letters (place and date,
    greeting, paragraphs, closing: family, friends, a leave request, a wedding invitation);
  * script mix per message: ~63% NFC with diacritics, ~15% NFD, ~14% without diacritics,
    ~8% NFC and NFD mixed sentence by sentence; chats are sometimes in teencode
    (`ko`, `dc`, `j`, `vs`, ...);
  * noise: zero-width characters inside words, emoji, doubled spaces, a shouted word;
  * ~5% scams (`--scam-rate`): sextortion (recorded call, threat and demand), grooming,
    deepfake extortion, postal letters demanding USDT to a wallet with e-mail-only contact,
    and other scams (fake police, task jobs, prizes, phishing links, loans); a quarter of
    them disguise their keywords (spaced letters, leetspeak, hidden characters, emoji).

Some benign texts touch scam vocabulary on purpose, as real ones do (a bank's OTP warning, a
parcel sent by post, "gửi kèm", a grandchild's video call). Aside from 100-2,000 bytes, the
sizes follow the genre (SMS ~100-250 B, chats mostly short, e-mails and letters up to 2 KB);
the mean is ~590 B per record.

Same seed (and Python version) -> byte-identical output. Generation is a single random
stream that stops at the first record that reaches --size, so a smaller dump is a prefix of a
larger one with the same seed and format.

Usage:
  gen_dump.py [--size 100M] [--seed 1] [--out FILE|-] [--format jsonl|csv] [--scam-rate 0.05]
              [--truth FILE]

--size takes a K/M/G suffix (binary: 100M = 100 * 2**20 bytes). Without --out (or with
`-`) the dump goes to standard output. A one-line summary goes to standard error.
"""
import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata

from random import Random

MIN_BYTES = 100
MAX_BYTES = 2000
POOL_SIZE = 6000  # pre-filled sentences per genre

# ---------------------------------------------------------------------------------------------
# Word lists (slots). A template names a slot as {slot}; {Slot} capitalizes the value.

SLOTS = {
    "call": "anh chị em bạn mẹ bố ba má cô chú bác ông bà cậu dì".split(),
    "pron": "mình em anh chị tớ tôi con cháu".split(),
    "name": (
        "Lan Hùng Minh Tuấn Hương Hà Trang Nam Phương Dũng Thảo Quân Linh Hải Mai Đức Ngọc "
        "Bình Yến Long Thủy Khoa Vy Sơn Nhung Việt Hạnh Thắng Oanh Quỳnh Huy Châu Tâm Kiên"
    ).split(),
    "girl": "Thu Ngân Vy Linh Trâm Hân Nhi Diễm Kiều My".split(),
    "surname": "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split(),
    "middle": "Văn Thị Đức Minh Thu Quang Ngọc Hữu Thanh Xuân".split(),
    "place": [
        "quán phở đầu ngõ", "chợ Bến Thành", "hồ Gươm", "bến xe Mỹ Đình", "công viên Thống Nhất",
        "siêu thị gần nhà", "nhà văn hóa phường", "cổng trường mầm non", "bệnh viện huyện",
        "tiệm may cô Ba", "sân vận động", "thư viện tỉnh", "quán cà phê góc phố", "nhà sách",
        "cây xăng ngã ba", "chùa Một Cột", "trạm y tế xã", "cửa hàng điện máy", "bờ sông",
    ],
    "city": [
        "Hà Nội", "Hải Phòng", "Đà Nẵng", "Huế", "Cần Thơ", "Nha Trang", "Đà Lạt", "Vinh",
        "Lạng Sơn", "Thái Nguyên", "Quy Nhơn", "Buôn Ma Thuột", "Vũng Tàu", "Biên Hòa",
        "Nam Định", "Sài Gòn", "Hạ Long", "Phan Thiết",
    ],
    "time": [
        "sáng nay", "chiều nay", "tối nay", "tối mai", "sáng thứ hai", "chiều thứ bảy",
        "cuối tuần này", "tuần sau", "đầu tháng sau", "hôm kia", "lúc nãy", "trưa mai",
        "sáng chủ nhật", "tối thứ sáu",
    ],
    "hour": [
        "bảy giờ", "tám rưỡi", "9h", "10h30", "2 giờ chiều", "5h chiều", "19h", "19h30",
        "tám giờ tối", "6 giờ sáng",
    ],
    "weekday": "thứ hai,thứ ba,thứ tư,thứ năm,thứ sáu,thứ bảy,chủ nhật".split(","),
    "food": [
        "phở bò", "bún chả", "bánh cuốn", "cơm tấm", "bún bò Huế", "mì Quảng", "bánh xèo",
        "chả cá", "nem rán", "xôi xéo", "canh chua", "cá kho tộ", "gỏi cuốn", "chè đậu đen",
        "bánh chưng", "lẩu mắm", "bún riêu", "hủ tiếu", "bánh mì pate", "cơm rang dưa bò",
    ],
    "drink": ["trà đá", "cà phê sữa đá", "nước mía", "trà sữa", "sinh tố bơ", "nước dừa"],
    "activity": [
        "đi chợ", "nấu cơm", "đón con", "họp phụ huynh", "khám răng", "tập thể dục",
        "đi bơi", "sửa xe", "dọn nhà", "đi siêu thị", "học tiếng Anh", "ăn cưới",
        "về quê", "trực ca đêm", "tập gym", "đi cắt tóc", "làm hồ sơ", "thăm ông bà",
    ],
    "object": [
        "chìa khóa", "cái ô", "áo mưa", "sổ hộ khẩu", "hóa đơn tiền điện", "giấy khám sức khỏe",
        "sách giáo khoa", "bình nước", "sạc điện thoại", "vé xe", "hộp bánh", "mũ bảo hiểm",
        "cái nồi cơm điện", "áo khoác", "đôi giày",
    ],
    "feeling": [
        "vui lắm", "mệt quá", "hơi buồn", "khỏe rồi", "đỡ nhiều rồi", "lo quá", "hồi hộp ghê",
        "thích lắm", "chán ghê", "sướng quá",
    ],
    "weather": [
        "trời mưa to lắm", "nắng gắt quá", "trời trở lạnh rồi", "sắp có bão", "sương mù dày đặc",
        "trời oi nồng", "gió mùa về rồi", "mưa phùn cả ngày",
    ],
    "street": ["Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Điện Biên Phủ",
               "Láng", "Kim Mã", "Cách Mạng Tháng Tám"],
    "work": [
        "báo cáo quý", "hợp đồng mới", "bản thuyết trình", "kế hoạch tháng sau", "bảng lương",
        "hồ sơ dự thầu", "biên bản nghiệm thu", "dự toán chi phí", "bảng chấm công",
        "đề xuất ngân sách", "danh sách khách mời",
    ],
    "meeting": ["cuộc họp sáng thứ hai", "buổi giao ban", "cuộc gọi với khách hàng",
                "buổi làm việc với đối tác", "cuộc họp phòng"],
    "project": ["dự án cầu Bình Lợi", "dự án nhà xưởng", "gói thầu số 3", "công trình trường học",
                "dự án phần mềm kế toán"],
    "dept": ["Phòng Kế toán", "Phòng Hành chính - Nhân sự", "Ban Giám đốc", "Phòng Kinh doanh",
             "Phòng Kỹ thuật", "Tổ Văn phòng"],
    "company": ["Công ty TNHH Minh Phát", "Công ty CP Xây dựng Hòa An", "Công ty TNHH Thực phẩm Sao Mai",
                "Công ty CP Vận tải Trường Thành", "Trung tâm Ngoại ngữ Ánh Dương"],
    "school": ["Tiểu học Lê Văn Tám", "THCS Nguyễn Du", "THPT Chu Văn An", "Mầm non Hoa Sen"],
    "subject": [
        "V/v nộp báo cáo quý", "Lịch họp giao ban tuần này", "Thông báo nghỉ lễ",
        "Đề nghị thanh toán tạm ứng", "Kế hoạch đào tạo nội bộ", "Mời dự hội thảo",
        "Cập nhật tiến độ dự án", "Xác nhận đơn hàng",
    ],
    "telco": ["VIETTEL", "VNPT", "MobiFone", "Vinaphone"],
    "bank": ["Vietcombank", "VietinBank", "BIDV", "Agribank", "Techcombank", "MB Bank", "ACB",
             "VPBank", "Sacombank"],
    "shop": ["Điện Máy Xanh", "Thế Giới Di Động", "Co.opmart", "Highlands Coffee", "Pharmacity"],
    "clinic": ["Nha khoa Kim", "Phòng khám Đa khoa Hồng Ngọc", "Bệnh viện Mắt", "Phòng khám nhi Tâm An"],
    "memo": ["chuyen tien an trua", "tra tien nha thang nay", "hoc phi con", "tien dien nuoc",
             "gui me mua thuoc", "dong tien quy lop", "tra no ban"],
    "relatives": [
        "vợ và các con", "bố mẹ, vợ con", "đồng nghiệp và sếp", "toàn bộ danh bạ",
        "gia đình và cơ quan", "bạn bè trên Facebook", "nhóm Zalo cơ quan", "người yêu",
    ],
    "victim": ["anh", "chị", "ông", "bà", "mày", "bạn"],
    "district": ["Hoàn Kiếm", "Cầu Giấy", "Ba Đình", "Thanh Xuân", "Quận 1", "Quận 3", "Bình Thạnh"],
    "group": ["Hội những người thích câu cá", "Chợ đồ cũ Hà Nội", "Hội yêu bóng đá", "Phượt thủ miền Bắc"],
    "deadline": ["24 giờ", "48 giờ", "3 ngày", "hết ngày mai", "12 giờ trưa mai", "cuối tuần này"],
    "num": [str(i) for i in range(2, 31)],
    "pct": [str(i) for i in range(10, 96, 5)],
    "grade": [str(i) for i in range(1, 13)],
    "day": [str(i) for i in range(1, 29)],
    "month": [str(i) for i in range(1, 13)],
    "year": ["2023", "2024", "2025"],
    "price": ["25", "30", "35", "40", "45", "50", "60"],
    "score": ["2-1", "3-0", "1-0", "2-2", "8", "9", "10"],
    "k": ["1.2", "2.3", "3.1", "4", "5.2", "II", "III"],
    "q": ["I", "II", "III", "IV"],
}

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(version: int, payload: bytes) -> str:
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def dynamic_slots(rng: Random) -> None:
    """Slots whose values are drawn once into pools (numbers, addresses, accounts)."""
    SLOTS["phone"] = [
        f"0{rng.choice('3579')}{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        for _ in range(300)
    ]
    SLOTS["acct"] = [str(rng.randint(10**9, 10**13)) for _ in range(300)]
    SLOTS["acct_mask"] = [f"{rng.randint(100, 999)}xxxx{rng.randint(100, 999)}" for _ in range(100)]
    SLOTS["otp"] = [f"{rng.randint(0, 999999):06d}" for _ in range(200)]
    SLOTS["order"] = [f"#{rng.choice(['VN', 'SPX', 'GHN'])}{rng.randint(10**7, 10**9)}" for _ in range(200)]
    SLOTS["vnd"] = [f"{rng.randint(1, 9999) * 1000:,}".replace(",", ".") for _ in range(300)]
    SLOTS["amount"] = [
        rng.choice([f"{rng.randint(2, 200)} triệu", f"{rng.randint(5, 500)}0.000.000 đồng",
                    f"{rng.randint(5, 90)}tr", f"{rng.randint(200, 990)}k",
                    f"{rng.randint(1, 50)}.000 USD"])
        for _ in range(300)
    ]
    SLOTS["usdt"] = [f"{rng.randint(1, 30) * 500:,}".replace(",", ".") for _ in range(100)]
    SLOTS["wallet"] = [b58check(0x41, rng.randbytes(20)) for _ in range(80)] + [
        b58check(0x00, rng.randbytes(20)) for _ in range(20)
    ] + ["0x" + rng.randbytes(20).hex() for _ in range(20)]
    local = ["hoso", "bimat", "thongtin", "anhcuaban", "privatedoc", "secret.files", "giaiquyet",
             "lienhe", "data.vn", "noreply.x"]
    SLOTS["email"] = [
        f"{rng.choice(local)}{rng.randint(1, 9999)}@{rng.choice(['proton.me', 'protonmail.com', 'tutanota.com', 'gmail.com', 'outlook.com'])}"
        for _ in range(150)
    ]
    SLOTS["link"] = [
        f"https://{rng.choice(['vcb', 'bidv', 'mbbank', 'acb', 'tpbank'])}-{rng.choice(['xacthuc', 'capnhat', 'hotro', 'baomat'])}.{rng.choice(['com', 'net', 'top', 'xyz', 'vip'])}/{rng.choice(['login', 'verify', 'kyc', 'ekyc'])}"
        for _ in range(80)
    ] + [f"bit.ly/{rng.randbytes(4).hex()}" for _ in range(20)]
    SLOTS["url"] = [
        f"https://{rng.choice(['vnexpress.net', 'tuoitre.vn', 'dantri.com.vn', 'youtube.com/watch?v=', 'shopee.vn/product/'])}{rng.randint(10**5, 10**8)}"
        for _ in range(80)
    ]
    SLOTS["fullname"] = [
        f"{rng.choice(SLOTS['surname'])} {rng.choice(SLOTS['middle'])} {rng.choice(SLOTS['name'])}"
        for _ in range(300)
    ]
    SLOTS["fullname_upper"] = [n.upper() for n in SLOTS["fullname"][:100]]
    SLOTS["mm"] = [f"{m:02d}" for m in range(60)]
    SLOTS["hh"] = [f"{h:02d}" for h in range(6, 23)]


# ---------------------------------------------------------------------------------------------
# Benign templates, by genre.

CHAT = """
{Call} ơi, {time} có rảnh không, {pron} định {activity}.
{Pron} đang ở {place}, {call} ra đón {pron} với nhé.
{Time} ăn {food} đi, lâu lắm rồi chưa ăn.
Nhớ mang theo {object} nha, {weather}.
Ừ, {pron} biết rồi, {feeling}.
Ở {city} hôm nay {weather}.
Con {activity} xong rồi, {time} con về ạ.
{Call} gửi {pron} địa chỉ {place} với, {pron} quên mất rồi.
Ở đây {food} rẻ lắm, có {price} nghìn một suất thôi.
{Name} ơi, cuối tuần này lớp mình họp lớp ở {place}, nhớ đến nhé.
Chúc mừng sinh nhật {name}, chúc {call} luôn vui vẻ và mạnh khỏe!
Tối qua xem bóng đá chưa, đội nhà thắng {score} đấy.
{Pron} vừa mua {object} mới, {feeling}.
Mai {pron} phải {activity} nên không đi được, hẹn {call} hôm khác nha.
Bé nhà {pron} hôm nay sốt nhẹ, {pron} xin nghỉ một buổi.
Đường {street} đang tắc lắm, {call} đi đường khác đi.
Ship {food} đến {place} mất khoảng {num} phút.
Ảnh chụp hôm đi {city} đẹp ghê, {call} gửi lại cho {pron} mấy tấm nhé.
{Call} đã chuyển khoản tiền học thêm cho cô giáo chưa?
Tiền điện tháng này hết {vnd} đồng, cao hơn tháng trước.
Hôm nay {pron} được sếp khen, {feeling}.
Cả nhà ăn cơm chưa? {Pron} về muộn, mọi người cứ ăn trước đi.
Nhóm mình {time} họp online lúc {hour} nhé, link gửi trong nhóm.
Cho {pron} mượn {object} một hôm được không?
Xe {pron} bị thủng lốp ở gần {place}, đang đợi sửa.
{Call} đọc tin nhắn thì gọi lại cho {pron} nhé.
Tuần sau {pron} đi công tác {city} ba ngày.
Giá xăng lại tăng rồi, đi làm tốn kém quá.
Chiều nay {call} tranh thủ {activity} giúp {pron} được không?
{Pron} vừa nấu nồi {food}, sang ăn cùng cho vui.
Mẹ dặn nhớ đóng cửa sổ trước khi đi, {weather}.
Con gái {pron} vừa thi xong, được {score} điểm toán.
Haha, {call} nói chuẩn quá.
Ok {call}, {hour} gặp ở {place} nhé.
Hôm trước {pron} có để quên {object} ở nhà {call} không?
Lịch tiêm phòng của bé vào {time}, {call} nhớ nhắc {pron}.
Đội {pron} thiếu một người đá bóng {time}, {call} tham gia không?
Ông bà ở quê vẫn khỏe, mới gọi điện hỏi thăm cả nhà.
Cửa hàng đầu ngõ giảm giá {num}% đồ gia dụng, {call} có cần gì không?
{Call} xem giúp {pron} lịch học của con tuần này với.
Đọc bài này chưa {call}: {url}
Cho {pron} hai ly {drink} mang về nhé.
Trời ơi, {pron} quên mất hôm nay là sinh nhật {name}.
Cháu nội đòi gọi video cho ông bà suốt, {call} bật máy lên nhé.
{Pron} mới đổi số, {call} lưu số mới giúp {pron}: {phone}.
Tuần này {pron} bận quá, chưa {activity} được.
"""

SMS = """
{Clinic}: Quý khách có lịch hẹn lúc {hour} ngày {day}/{month}. Vui lòng đến trước 15 phút.
{Bank}: TK {acct_mask} +{vnd}VND lúc {hh}:{mm} {day}/{month}. SD: {vnd}VND. ND: {memo}
Mã xác thực của bạn là {otp}. Không chia sẻ mã này cho bất kỳ ai, kể cả nhân viên ngân hàng.
Đơn hàng {order} của bạn đang được giao. Shipper sẽ liên hệ trong ngày, vui lòng để ý điện thoại.
{Telco}: Cước tháng {month} của thuê bao {acct_mask} là {vnd}đ. Chi tiết liên hệ tổng đài.
EVN: Tiền điện kỳ {month}/{year} của khách hàng là {vnd}đ, hạn thanh toán ngày {day}/{month}.
Trường {school} thông báo: học sinh nghỉ học ngày {day}/{month} do thời tiết xấu.
UBND phường thông báo lịch tiêm chủng mở rộng vào sáng {weekday} tại nhà văn hóa tổ dân phố.
Chúc mừng sinh nhật quý khách! {shop} tặng bạn mã giảm giá {num}% áp dụng đến hết tháng {month}.
Bạn có 1 cuộc gọi nhỡ từ số {phone} lúc {hh}:{mm} ngày {day}/{month}.
TB: Nha xe {name} thong bao xe di {city} khoi hanh luc {hour}, quy khach co mat truoc 15 phut.
{Shop}: Don hang cua ban da duoc xac nhan, du kien giao ngay {day}/{month}. Cam on ban da mua sam.
Lịch cắt điện: khu vực phường {district} ngừng cấp điện từ {hour} đến 17h ngày {day}/{month}.
{Bank} không bao giờ yêu cầu khách hàng cung cấp mật khẩu hay mã OTP qua điện thoại.
Phiếu khám số {num} của bạn sẽ được gọi sau khoảng {num} phút nữa.
"""

EMAIL = """
Em gửi {call} bản {work} như đã trao đổi trong {meeting}.
Nhờ {call} xem giúp và cho em ý kiến trước {weekday} tuần này.
{Meeting} được dời sang {hour} tại phòng họp tầng {num}.
{Dept} đề nghị các bộ phận nộp {work} trước ngày {day}/{month}.
Tài liệu gồm {num} trang, {call} lưu ý giúp em số liệu ở mục {k}.
Bên em đã nhận được báo giá, tuy nhiên đơn giá vận chuyển còn cao so với dự kiến.
Về tiến độ {project}, hiện đội thi công đã hoàn thành khoảng {pct}% khối lượng.
Kính mong quý công ty sắp xếp thời gian tham dự hội thảo vào {time}.
Nếu có vướng mắc, {call} cứ liên hệ trực tiếp với em qua số {phone}.
Em xin phép nghỉ từ ngày {day}/{month} đến hết ngày {day}/{month} vì việc gia đình.
Công việc trong thời gian em vắng mặt sẽ do {call} {name} phụ trách.
Ban tổ chức xin gửi lịch trình chi tiết của chuyến tham quan {city}.
Biên bản cuộc họp đã được lưu trên thư mục chung của phòng.
Hợp đồng số {num}/HĐ sẽ hết hiệu lực vào cuối tháng {month}, đề nghị bộ phận pháp chế rà soát trước khi gia hạn.
Xin cảm ơn {call} đã hỗ trợ nhiệt tình trong đợt kiểm kê vừa qua.
Chương trình đào tạo kỹ năng mềm bắt đầu từ {weekday} tuần sau, mỗi buổi kéo dài hai tiếng.
Đề nghị các đơn vị cập nhật danh sách nhân sự và gửi lại trước {hour} {weekday}.
Đính kèm thư này là bảng tổng hợp chi phí quý {q}.
Khách hàng phản hồi rằng lô hàng tháng {month} bị giao chậm {num} ngày.
Phòng sẽ tổ chức liên hoan cuối năm tại nhà hàng gần {place}, mọi người đăng ký trước {weekday}.
Số liệu doanh thu tháng {month} tăng {num}% so với cùng kỳ năm ngoái.
Em đã cập nhật lại {work} theo góp ý của {call}, mời {call} xem bản mới.
Thông tin chi tiết xem tại {url}.
Mong nhận được phản hồi sớm từ {call}.
"""

LETTER_FAMILY = """
Đã lâu rồi con không viết thư về nhà, chắc bố mẹ mong tin con lắm.
Con ở trên này vẫn khỏe, công việc ở xưởng cũng đã ổn định.
Mùa này ở {city} {weather}, bố mẹ nhớ giữ ấm nhé.
Tháng sau con được nghỉ phép mấy ngày, con sẽ về thăm nhà và mang quà cho các cháu.
Bố nhớ uống thuốc huyết áp đều đặn, đừng ra đồng làm việc nặng.
Năm nay vườn nhà mình có được mùa vải không hả mẹ?
Em {name} học hành thế nào rồi, bảo em cố gắng thi đỗ đại học nhé.
Con gửi kèm theo thư ít tiền để bố mẹ sửa lại mái bếp.
Ở đây đồ ăn không hợp khẩu vị lắm, con nhớ món {food} mẹ nấu.
Hàng xóm nhà mình dạo này có khỏe không ạ?
Con đã gửi qua bưu điện một hộp bánh đặc sản {city}, chắc vài hôm nữa đến nơi.
Chúng con vừa chuyển sang nhà mới gần {place}, rộng và thoáng hơn trước.
Cháu nội của ông bà đã biết đi rồi, nghịch lắm.
Tết này cả nhà mình sum họp đông đủ nhé, con sẽ cố gắng về sớm.
Công ty con mới tuyển thêm người, anh {name} nhà bác cả có muốn lên làm cùng không ạ?
Mẹ đừng lo cho con, con ăn uống đầy đủ và tối nào cũng ngủ sớm.
Hôm trước con gặp cô {name} ở {place}, cô hỏi thăm bố mẹ nhiều lắm.
Nhà trọ của con ở gần {place}, đi làm chỉ mất mười phút.
Cuối tháng này con được thưởng, con sẽ gửi về để bố mẹ mua thêm con bò.
Mẹ nhắc em út đi học nhớ mang theo {object} nhé.
"""

LETTER_FRIEND = """
{Call} {name} ơi, lâu lắm rồi chúng mình không gặp nhau, {call} vẫn khỏe chứ?
Hôm qua tớ đi ngang qua trường cũ, thấy cây phượng vẫn còn đó.
Tớ vẫn nhớ những buổi chiều cả lớp rủ nhau đi ăn {food} sau giờ học.
Dạo này tớ chuyển về {city} làm việc, công việc bận nhưng vui.
Nếu có dịp vào {city} thì nhắn tớ, tớ dẫn đi ăn {food}.
Con tớ năm nay vào lớp một rồi, nhanh thật.
Tớ có gửi kèm theo thư tấm ảnh cả lớp chụp hồi cấp ba, {call} xem còn nhận ra ai không.
Cuối năm lớp mình định tổ chức họp lớp ở {place}, {call} cố gắng về nhé.
"""

LETTER_REQUEST = """
Tôi làm đơn này xin phép cho con tôi là cháu {fullname}, học sinh lớp {grade}, được nghỉ học ngày {day}/{month}.
Lý do: cháu bị ốm, cần ở nhà theo dõi sức khỏe theo chỉ định của bác sĩ.
Gia đình sẽ nhắc cháu chép bài và làm đầy đủ bài tập về nhà.
Tôi xin cam đoan những thông tin trên là đúng sự thật.
Kính mong Ban Giám hiệu và cô giáo chủ nhiệm xem xét, chấp thuận.
"""

LETTER_INVITE = """
Gia đình chúng tôi trân trọng kính mời {call} đến dự lễ thành hôn của con chúng tôi.
Hôn lễ được cử hành vào {time}, tại tư gia ở {place}, {city}.
Tiệc cưới được tổ chức vào lúc {hour} cùng ngày tại nhà hàng {name} Palace.
Sự hiện diện của {call} là niềm vinh hạnh cho gia đình chúng tôi.
Rất mong được đón tiếp {call} cùng gia đình.
"""

SMS_FOOTER = [
    "Trân trọng cảm ơn quý khách.", "Chi tiết liên hệ tổng đài {phone}.",
    "Tin nhắn được gửi tự động, vui lòng không trả lời.",
    "Quý khách vui lòng bỏ qua tin nhắn này nếu đã thanh toán.",
    "Cảm ơn quý khách đã sử dụng dịch vụ.", "Xin cảm ơn!",
]

SCAM_EXTORTION = {
    "claim": """
Tôi đã ghi lại toàn bộ cuộc gọi video giữa {victim} với tôi tối hôm qua.
Cuộc gọi khỏa thân hôm trước tôi đã quay màn hình đầy đủ rồi.
Clip {victim} thủ dâm khi gọi video với em giờ đang nằm trong máy anh đây.
Toàn bộ hình ảnh nóng của {victim} lúc chat sex tôi đã lưu lại hết.
Video {victim} cởi đồ trước camera tôi giữ bản gốc, nét lắm.
""",
    "leverage": """
Tôi đã có danh sách bạn bè Facebook và số điện thoại người thân của {victim}.
Vợ {victim}, đồng nghiệp và sếp đều nằm trong danh bạ tôi đã lưu.
Tôi biết {victim} làm ở đâu, nhà ở đâu, con học trường nào.
""",
    "demand": """
Chuyển ngay {amount} vào tài khoản {bank} số {acct}, chủ tài khoản {fullname_upper}.
{Victim} phải gửi {amount} trong vòng {deadline}.
Muốn xóa clip thì chuyển {amount}, tôi gửi số tài khoản cho.
Nạp {amount} thẻ cào cho tôi rồi mọi chuyện sẽ kết thúc.
""",
    "threat": """
Nếu không, tôi sẽ gửi video cho {relatives} của {victim}.
Không trả tiền thì clip sẽ được tung lên mạng và gửi vào {relatives}.
Chậm một phút là tôi phát tán cho {relatives} ngay.
Quá {deadline} mà chưa thấy tiền thì {victim} chuẩn bị mất danh dự đi.
""",
    "pressure": """
Đừng có báo công an, vô ích thôi.
Đừng chặn tôi, chặn là tôi đăng ngay.
Tôi không đùa đâu, {victim} tự quyết định đi.
Giữ bí mật chuyện này, đừng nói với ai.
""",
}

SCAM_GROOMING = """
Chào anh, em là {girl}, em thấy anh trên nhóm {group} nên kết bạn làm quen ạ.
Anh có vợ chưa? Em ở một mình buồn lắm.
Mình chuyển qua Zalo nói chuyện cho tiện nha anh, em gửi số {phone}.
Tối nay anh rảnh không, mình gọi video cho nhau nhé, em chỉ muốn nhìn thấy anh thôi.
Anh bật camera lên đi, cho em xem anh một chút.
Em gửi anh mấy tấm ảnh riêng tư, anh gửi lại em vài tấm cho công bằng nhé.
Đừng nói với ai chuyện của hai đứa mình nha anh.
Anh cởi áo ra cho em xem đi, ở đây chỉ có hai mình thôi mà.
Em thích anh thật lòng, tối nay mình call video riêng nhé.
"""

SCAM_DEEPFAKE = """
Tôi có ảnh và video nhạy cảm được ghép mặt của {victim}, nhìn không khác gì thật.
Công nghệ deepfake bây giờ ai nhìn cũng tin, {victim} hiểu chứ?
Những hình ảnh này sẽ được gửi đến cơ quan và gia đình {victim} nếu {victim} không hợp tác.
Liên hệ ngay với tôi qua {email} để giải quyết, hạn chót là {deadline}.
Trả {amount} thì tôi xóa toàn bộ dữ liệu.
Gương mặt {victim} đã được cắt ghép vào clip sex, chỉ cần một cú nhấp chuột là lan khắp mạng.
Ảnh ghép này mà đến tay {relatives} thì {victim} giải thích thế nào?
"""

SCAM_POSTAL = """
Trong phong bì này có một vài tấm ảnh của ông, ông nên xem kỹ.
Những bức ảnh in kèm theo thư chỉ là một phần nhỏ tài liệu tôi đang giữ.
Tôi yêu cầu ông chuyển {usdt} USDT qua mạng TRC20 vào địa chỉ ví sau: {wallet}
Ông chỉ được liên lạc với tôi qua email {email}, không gọi điện, không nhắn tin.
Nếu sau {num} ngày kể từ khi nhận thư tôi không nhận được tiền, các tài liệu này sẽ được gửi đến cơ quan nơi ông công tác, vợ con và báo chí.
Nếu ông thanh toán, mọi bản sao sẽ bị hủy và ông sẽ không bao giờ nghe tin từ tôi nữa.
Đừng tìm cách truy vết, ví điện tử không thể bị theo dõi.
Nếu không biết mua USDT, ông có thể nhờ người quen hoặc tìm hiểu trên Binance.
Lá thư này cũng sẽ được gửi tới nhà riêng của ông nếu ông im lặng.
"""

SCAM_POSTAL_EN = """
The photos in this envelope are only a small part of what I have.
Send {usdt} USDT (TRC20) to this wallet: {wallet}
Contact me only by email at {email}. Do not call, do not reply by post.
If I do not receive the payment within {num} days, copies will be sent to your office, your family and the press.
Once paid, every copy will be destroyed and you will never hear from me again.
"""

SCAM_OTHER = [
    """
Đây là Công an quận {district}, tài khoản của {victim} đang liên quan đến một đường dây rửa tiền.
Yêu cầu {victim} chuyển toàn bộ số dư vào tài khoản tạm giữ của cơ quan điều tra số {acct} để xác minh.
Không được tiết lộ nội dung cuộc gọi cho người thân, nếu không sẽ bị khởi tố.
Lệnh bắt tạm giam sẽ được phát hành trong {deadline} nếu {victim} không hợp tác.
""",
    """
Tuyển cộng tác viên làm online tại nhà, việc nhẹ lương cao, mỗi ngày 300-500k.
Chỉ cần like video TikTok là nhận hoa hồng ngay, nạp {amount} để kích hoạt nhiệm vụ.
Liên hệ Zalo {phone} để được hướng dẫn, số lượng có hạn.
Hoàn thành 3 nhiệm vụ đầu sẽ được hoàn vốn gấp đôi.
""",
    """
Chúc mừng quý khách đã trúng thưởng một chiếc xe SH từ chương trình tri ân khách hàng.
Để nhận giải, quý khách vui lòng nộp phí trước {amount} vào tài khoản {acct}.
Giải thưởng sẽ bị hủy nếu không xác nhận trong {deadline}.
""",
    """
{Bank} thông báo: tài khoản của quý khách sẽ bị khóa do chưa cập nhật sinh trắc học.
Truy cập {link} để xác thực ngay trong hôm nay.
Vui lòng nhập mã OTP vừa nhận để hoàn tất xác minh.
""",
    """
Vay nhanh không cần thế chấp, giải ngân trong 15 phút, chỉ cần CCCD.
Hồ sơ của {victim} đã được duyệt {amount}, vui lòng đóng phí bảo hiểm khoản vay trước khi giải ngân.
Liên hệ nhân viên tư vấn qua số {phone}.
""",
]

# Teencode spellings for chat (word -> choices).
TEEN = {
    "không": ["ko", "k", "hông", "khum"], "được": ["dc", "đc"], "rồi": ["r", "rùi"],
    "vậy": ["z", "v"], "gì": ["j"], "biết": ["bít"], "với": ["vs"], "anh": ["a"],
    "em": ["e"], "chồng": ["ck"], "vợ": ["vk"], "yêu": ["iu"], "quá": ["wá", "qá"],
    "mình": ["mk", "mik"], "người": ["ng"], "nhiều": ["nhìu"], "thôi": ["thui"],
    "muốn": ["mún"], "vui": ["zui"], "bạn": ["bn", "b"], "nhé": ["nhá", "nha"],
    "tiền": ["tiềnnn", "xiền"], "chuyển": ["ck", "chuyểnnn"], "đi": ["đii"],
}

EMOJI = ["😂", "👍", "❤️", "🙏", "😭", "🥰", "😅", "🎉", "🔥", "✅", "📦", "🌧️", "😡", "💸", "📸"]
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]

# Keyword disguises for a quarter of the scams: (plain, disguised forms).
DISGUISE = {
    "USDT": ["U S D T", "U.S.D.T", "U$DT", "USD T"],
    "video": ["v1de0", "v.i.d.e.o", "vi\u200bdeo", "vid3o"],
    "clip": ["cl1p", "c l i p", "cl\u200dip", "c.l.i.p"],
    "chuyển": ["chu\u200byển", "chuyểnnn", "ch.uyển", "ck"],
    "tiền": ["t1ền", "tiề\u200bn", "xiền", "tiềnnn"],
    "phát tán": ["p-h-á-t t-á-n", "phát t@n", "ph\u200bát tán"],
    "gọi": ["g🔴ọi", "g.ọi"],
    "ảnh": ["ả.n.h", "ản\u200bh"],
    "ví": ["v1", "v í"],
}


def split_lines(block: str) -> list:
    return [s for s in block.strip().split("\n") if s.strip()]


SLOT_RE = re.compile(r"\{(\w+)\}")


def fill(tpl: str, rng: Random, fixed: dict = None) -> str:
    """Fill the slots of `tpl`; `fixed` pins some slots to one value (one victim per message)."""
    def sub(m):
        key = m.group(1)
        low = key.lower()
        v = fixed[low] if fixed and low in fixed else rng.choice(SLOTS[low])
        return v[:1].upper() + v[1:] if key[0].isupper() else v

    s = SLOT_RE.sub(sub, tpl)
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------
# Script forms.


def strip_table() -> dict:
    t = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        d = unicodedata.normalize("NFD", chr(cp))
        if len(d) > 1 and d[0].isascii() and all(unicodedata.combining(x) for x in d[1:]):
            t[cp] = d[0]
    t[ord("đ")] = "d"
    t[ord("Đ")] = "D"
    return t


STRIP = strip_table()


def form(s: str, f: int) -> str:
    """0 NFC, 1 NFD, 2 no diacritics (input is NFC)."""
    if f == 1:
        return unicodedata.normalize("NFD", s)
    if f == 2:
        return s.translate(STRIP)
    return s


def teencode(s: str, rng: Random) -> str:
    words = s.split(" ")
    for i, w in enumerate(words):
        core = w.rstrip(".,!?:")
        alts = TEEN.get(core.lower())
        if alts and rng.random() < 0.7:
            words[i] = rng.choice(alts) + w[len(core):]
    s = " ".join(words)
    return s[:1].lower() + s[1:] if rng.random() < 0.5 else s


def hide_chars(s: str, rng: Random) -> str:
    words = s.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) >= 3:
            j = rng.randint(1, len(w) - 1)
            if not unicodedata.combining(w[j]):
                words[i] = w[:j] + rng.choice(ZW) + w[j:]
    return " ".join(words)


def add_emoji(s: str, rng: Random) -> str:
    words = s.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randint(0, len(words))
        words.insert(i, rng.choice(EMOJI))
    return " ".join(words)


def messy_spaces(s: str, rng: Random) -> str:
    words = s.split(" ")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(words))
        words[i] = words[i] + rng.choice([" ", "  ", "\t"])
    return " ".join(words)


def shout(s: str, rng: Random) -> str:
    words = s.split(" ")
    i = rng.randrange(len(words))
    words[i] = words[i].upper()
    return " ".join(words)


def disguise(s: str, rng: Random) -> str:
    keys = [k for k in DISGUISE if k in s]
    rng.shuffle(keys)
    for k in keys[: rng.randint(1, 3)]:
        s = s.replace(k, rng.choice(DISGUISE[k]), 1)
    return s


def utf8len(s: str) -> int:
    return len(s.encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Message builders.


class Gen:
    def __init__(self, seed: int, scam_rate: float):
        self.rng = Random(seed)
        self.scam_rate = scam_rate
        dynamic_slots(self.rng)
        self.pools = {}
        for genre, block in (("chat", CHAT), ("sms", SMS), ("email", EMAIL),
                             ("family", LETTER_FAMILY), ("friend", LETTER_FRIEND)):
            tpls = split_lines(block)
            picks = [self.rng.randrange(len(tpls)) for _ in range(POOL_SIZE)]
            self.pools[genre] = [(i, fill(tpls[i], self.rng)) for i in picks]
        self.request = split_lines(LETTER_REQUEST)
        self.invite = split_lines(LETTER_INVITE)
        self.extortion = {k: split_lines(v) for k, v in SCAM_EXTORTION.items()}
        self.grooming = split_lines(SCAM_GROOMING)
        self.deepfake = split_lines(SCAM_DEEPFAKE)
        self.postal = split_lines(SCAM_POSTAL)
        self.postal_en = split_lines(SCAM_POSTAL_EN)
        self.other = [split_lines(b) for b in SCAM_OTHER]

    # -- pieces ------------------------------------------------------------------------------

    def sentences(self, genre: str, budget: int, f: int, teen: bool) -> list:
        """Pool sentences in form `f` (3 = mixed) until `budget` bytes are used."""
        rng, pool, out, used, seen = self.rng, self.pools[genre], [], 0, set()
        while used < budget:
            i, s = rng.choice(pool)
            for _ in range(3):  # prefer templates not used yet in this message
                if i not in seen:
                    break
                i, s = rng.choice(pool)
            seen.add(i)
            if teen:
                s = teencode(s, rng)
            s = form(s, rng.randint(0, 1) if f == 3 else f)
            n = utf8len(s) + 1
            if used + n > budget and out:
                break
            out.append(s)
            used += n
        return out

    def pick_form(self) -> int:
        r = self.rng.random()
        return 0 if r < 0.63 else 1 if r < 0.78 else 2 if r < 0.92 else 3

    def frame(self, s: str, f: int) -> str:
        return form(fill(s, self.rng), 0 if f == 3 else f)

    def chat(self, target: int, f: int) -> str:
        rng = self.rng
        teen = rng.random() < 0.12
        lines = self.sentences("chat", target, f, teen)
        if len(lines) > 1 and rng.random() < 0.5:
            people = rng.sample(SLOTS["name"], 2)
            stamp = rng.random() < 0.4
            out = []
            for i, s in enumerate(lines):
                who = people[i % 2] if rng.random() < 0.8 else people[(i + 1) % 2]
                pre = f"[{rng.choice(SLOTS['hh'])}:{rng.choice(SLOTS['mm'])}] " if stamp else ""
                out.append(f"{pre}{who}: {s}")
            return "\n".join(out)
        return " ".join(lines)

    def sms(self, f: int) -> str:
        """One notice, with footers until it reaches the minimum size."""
        rng = self.rng
        t = form(rng.choice(self.pools["sms"])[1], f)
        while utf8len(t) < MIN_BYTES + rng.randint(0, 60):
            t += " " + self.frame(rng.choice(SMS_FOOTER), f)
        return t

    def email(self, target: int, f: int) -> str:
        rng = self.rng
        head = []
        if rng.random() < 0.6:
            head.append(self.frame("Tiêu đề: {subject}", f))
        head.append(self.frame(rng.choice([
            "Kính gửi {Call} {name},", "Chào {call} {name},", "Kính gửi Ban Giám đốc,",
            "Kính gửi quý khách hàng,", "Dear {call} {name},", "Gửi cả phòng,"]), f))
        tail = self.frame(rng.choice([
            "Trân trọng,\n{fullname}\n{dept}\n{company}", "Cảm ơn {call},\n{name}",
            "Thân,\n{name}", "Trân trọng cảm ơn!\n{fullname}"]), f)
        budget = target - sum(map(utf8len, head)) - utf8len(tail)
        body = self.sentences("email", max(budget, 60), f, False)
        paras = self.paragraphs(body)
        return "\n".join(head) + "\n\n" + paras + "\n\n" + tail

    def letter(self, target: int, f: int) -> str:
        rng = self.rng
        head = self.frame("{City}, ngày {day} tháng {month} năm {year}", f)
        kind = rng.choices(["family", "friend", "request", "invite"], [50, 25, 15, 10])[0]
        if kind == "request":
            greet = self.frame("Kính gửi Ban Giám hiệu trường {school},", f)
            tail = self.frame("Người làm đơn\n{fullname}", f)
            body = [self.frame(s, f) for s in self.request]
        elif kind == "invite":
            greet = self.frame("Kính gửi {call} {name},", f)
            tail = self.frame("Thay mặt gia đình\n{fullname}", f)
            body = [self.frame(s, f) for s in self.invite]
        else:
            greet = self.frame(rng.choice(
                ["Bố mẹ kính yêu!", "Gửi con gái yêu của mẹ,", "Kính gửi ông bà,"]
                if kind == "family" else ["{Call} {name} thân mến,", "Gửi {name},"]), f)
            tail = self.frame(rng.choice(
                ["Con của bố mẹ,\n{name}", "Thương nhiều,\n{name}",
                 "Chúc cả nhà mạnh khỏe, bình an.\n{name}"]
                if kind == "family" else ["Thân,\n{name}", "Bạn của {call},\n{name}"]), f)
            budget = target - utf8len(head) - utf8len(greet) - utf8len(tail)
            body = self.sentences(kind, max(budget, 60), f, False)
        return f"{head}\n\n{greet}\n\n{self.paragraphs(body)}\n\n{tail}"

    def paragraphs(self, sents: list) -> str:
        rng, out, i = self.rng, [], 0
        while i < len(sents):
            k = rng.randint(1, 4)
            out.append(" ".join(sents[i:i + k]))
            i += k
        return "\n\n".join(out) if rng.random() < 0.7 else "\n".join(out)

    # -- scams -------------------------------------------------------------------------------

    def scam(self) -> tuple:
        rng = self.rng
        kind = rng.choices(["extortion", "grooming", "deepfake", "postal", "other"],
                           [30, 15, 15, 15, 25])[0]
        fx = {"victim": rng.choice(SLOTS["victim"]), "amount": rng.choice(SLOTS["amount"]),
              "deadline": rng.choice(SLOTS["deadline"])}

        def some(lines, lo, hi):
            picked = sorted(rng.sample(range(len(lines)), rng.randint(lo, min(hi, len(lines)))))
            return [fill(lines[i], rng, fx) for i in picked]

        if kind == "extortion":
            parts = ["claim"] + (["leverage"] if rng.random() < 0.5 else []) + ["demand", "threat"]
            parts += ["pressure"] if rng.random() < 0.6 else []
            sents = [fill(rng.choice(self.extortion[p]), rng, fx) for p in parts]
        elif kind == "grooming":
            sents = some(self.grooming, 2, 5)
        elif kind == "deepfake":
            sents = some(self.deepfake, 3, 5)
        elif kind == "postal":
            fx["victim"] = "ông"
            if rng.random() < 0.15:
                sents = [fill("Dear Mr. {name},", rng)] + [fill(x, rng, fx) for x in self.postal_en]
            else:
                sents = [fill("Kính gửi ông {fullname},", rng)] + some(self.postal, 4, 7)
        else:
            block = rng.choice(self.other)
            sents = [fill(x, rng, fx) for x in block[: rng.randint(2, len(block))]]
        text = ("\n" if kind == "postal" else " ").join(sents)
        if kind in ("extortion", "grooming", "deepfake") and rng.random() < 0.3:
            # The threat often arrives after some small talk.
            text = " ".join(self.sentences("chat", rng.randint(60, 300), 0, False)) + "\n" + text
        r = rng.random()
        if r < 0.25:
            text = disguise(text, rng)
        elif r < 0.35:
            text = teencode(text, rng)
        f = rng.choices([0, 1, 2], [70, 10, 20])[0]
        return kind, form(text, f)

    # -- one record --------------------------------------------------------------------------

    def text(self) -> tuple:
        """One record's text and its kind (a scam kind, or the benign genre)."""
        rng = self.rng
        if rng.random() < self.scam_rate:
            kind, t = self.scam()
        else:
            genre = rng.choices(["chat", "sms", "email", "letter"], [45, 20, 20, 15])[0]
            kind = "benign_" + genre
            f = self.pick_form()
            if genre == "chat":
                t = self.chat(min(1900, 100 + int(rng.expovariate(1 / 260))), f)
            elif genre == "sms":
                t = self.sms(f)
            elif genre == "email":
                t = self.email(rng.randint(350, 1850), f)
            else:
                t = self.letter(rng.randint(600, 1900), f)
            r = rng.random()
            if r < 0.03:
                t = hide_chars(t, rng)
            if rng.random() < (0.25 if genre == "chat" else 0.04):
                t = add_emoji(t, rng)
            if rng.random() < 0.04:
                t = messy_spaces(t, rng)
            if rng.random() < 0.04:
                t = shout(t, rng)
        n = utf8len(t)
        while n < MIN_BYTES:
            t += " " + form(rng.choice(self.pools["chat"])[1], 0)
            n = utf8len(t)
        if n > MAX_BYTES:
            t = t.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore")
            # Do not leave a dangling combining mark or half a word: cut at the last space.
            cut = t.rfind(" ")
            t = t[:cut] if cut > MAX_BYTES // 2 else t
        return t, kind


def parse_size(s: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KkMmGg]?)[iI]?[bB]?\s*", s)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {s!r} (use e.g. 500K, 100M, 1G)")
    mult = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


def main() -> int:
    ap = argparse.ArgumentParser(
        description="Write a deterministic synthetic dump of Vietnamese messages (~5% scams).")
    ap.add_argument("--size", type=parse_size, default=parse_size("100M"),
                    help="stop at the first record that reaches this size (K/M/G suffix, binary; default 100M)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", default="-", help="output file (default: standard output)")
    ap.add_argument("--format", choices=["jsonl", "csv"], default="jsonl",
                    help="jsonl: {\"id\", \"text\"} per line; csv: header id,text, quoted fields")
    ap.add_argument("--scam-rate", type=float, default=0.05, help="share of scam messages (default 0.05)")
    ap.add_argument("--truth", metavar="FILE",
                    help="also write `id<TAB>kind` per record (extortion, grooming, deepfake, postal, "
                         "other, or benign_<genre>), for sanity checks")
    a = ap.parse_args()

    t0 = time.monotonic()
    gen = Gen(a.seed, a.scam_rate)
    out = sys.stdout.buffer if a.out == "-" else open(a.out, "wb")
    csv_fmt = a.format == "csv"
    total, n, batch = 0, 0, []
    if csv_fmt:
        head = b"id,text\n"
        out.write(head)
        total += len(head)
    dumps = json.dumps
    truth = open(a.truth, "w", encoding="utf-8") if a.truth else None
    while total < a.size:
        n += 1
        rid = f"m{n:08d}"
        text, kind = gen.text()
        if truth:
            truth.write(f"{rid}\t{kind}\n")
        if csv_fmt:
            line = ('"' + rid + '","' + text.replace('"', '""') + '"\n').encode("utf-8")
        else:
            line = ('{"id": "' + rid + '", "text": ' + dumps(text, ensure_ascii=False) + "}\n").encode("utf-8")
        batch.append(line)
        total += len(line)
        if len(batch) >= 4096:
            out.write(b"".join(batch))
            batch.clear()
    out.write(b"".join(batch))
    out.flush()
    if out is not sys.stdout.buffer:
        out.close()
    if truth:
        truth.close()
    dt = time.monotonic() - t0
    sys.stderr.write(f"gen_dump: {n} records, {total} bytes, seed {a.seed}, {a.format}, {dt:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
