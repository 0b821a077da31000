"""The real organisations of the synthetic Hub.

Real namespaces so that the registry, Big Tech, country and Fortune 500 metrics have something real
to match; counts and dates are approximate and only shape the synthetic Hub. Besides the
organisations themselves: the ones that publish fine-tunes of other labs' models, and the
redistributors that quantise everyone's.
"""

from __future__ import annotations

# (namespace, fullname, type, verified, active since (year), own releases in 2025 at 2.2M models,
#  yearly growth of releases, weight as a daily-papers submitter)
_ORGS: tuple[tuple[str, str, str, bool, int, float, float, float], ...] = (
    ("google", "Google", "org", True, 2019, 450, 1.3, 30),
    ("google-bert", "BERT community", "org", False, 2019, 0, 1, 0),
    ("google-t5", "T5 community", "org", False, 2019, 0, 1, 0),
    ("facebook", "AI at Meta", "org", True, 2019, 420, 1.1, 26),
    ("meta-llama", "Meta Llama", "org", True, 2023, 5, 1.0, 0),
    ("FacebookAI", "Facebook AI community", "org", False, 2019, 0, 1, 0),
    ("distilbert", "DistilBERT community", "org", False, 2019, 0, 1, 0),
    ("microsoft", "Microsoft", "org", True, 2019, 450, 1.3, 30),
    ("nvidia", "NVIDIA", "org", True, 2020, 900, 1.7, 28),
    ("deepseek-ai", "DeepSeek", "org", True, 2023, 12, 1.5, 12),
    ("Qwen", "Qwen", "org", True, 2023, 60, 2.5, 26),
    ("mistralai", "Mistral AI_", "org", True, 2023, 15, 1.3, 2),
    ("openai", "OpenAI", "org", True, 2019, 6, 1.0, 3),
    ("openai-community", "OpenAI community", "org", False, 2019, 0, 1, 0),
    ("bigscience", "BigScience Workshop", "org", True, 2021, 2, 0.3, 1),
    ("stabilityai", "Stability AI", "org", True, 2022, 15, 0.7, 3),
    ("BAAI", "Beijing Academy of Artificial Intelligence", "org", True, 2021, 60, 1.2, 15),
    ("THUDM", "Knowledge Engineering Group (KEG) & Data Mining at Tsinghua University", "org", True, 2021, 10, 0.5, 10),
    ("zai-org", "Z.ai", "org", True, 2025, 40, 1, 8),
    ("baidu", "BAIDU", "org", True, 2025, 110, 1, 6),
    ("PaddlePaddle", "PaddlePaddle", "org", True, 2022, 100, 2, 2),
    ("tencent", "Tencent", "org", True, 2023, 200, 8.5, 18),
    ("ByteDance-Seed", "ByteDance Seed", "org", True, 2025, 120, 1, 32),
    ("ByteDance", "ByteDance", "org", True, 2023, 80, 8.5, 22),
    ("alibaba-pai", "Alibaba-PAI", "org", True, 2023, 20, 1.2, 4),
    ("Alibaba-NLP", "Alibaba-NLP", "org", True, 2023, 30, 1.5, 8),
    ("inclusionAI", "inclusionAI", "org", True, 2025, 40, 1, 6),
    ("moonshotai", "Moonshot AI", "org", True, 2024, 20, 3, 5),
    ("MiniMaxAI", "MiniMax", "org", True, 2025, 15, 1, 4),
    ("XiaomiMiMo", "Xiaomi MiMo", "org", True, 2025, 15, 1, 3),
    ("meituan-longcat", "Meituan LongCat", "org", True, 2025, 10, 1, 2),
    ("stepfun-ai", "StepFun", "org", True, 2024, 15, 2, 5),
    ("rednote-hilab", "rednote-hilab", "org", True, 2025, 8, 1, 3),
    ("Kwaipilot", "Kwaipilot", "org", True, 2024, 8, 1.5, 3),
    ("internlm", "InternLM", "org", True, 2023, 30, 1.2, 8),
    ("OpenGVLab", "OpenGVLab", "org", True, 2023, 80, 1.4, 15),
    ("openbmb", "OpenBMB", "org", True, 2023, 30, 1.5, 6),
    ("01-ai", "01.AI", "org", True, 2023, 2, 0.4, 1),
    ("huawei-noah", "HUAWEI Noah's Ark Lab", "org", True, 2021, 10, 1.0, 5),
    ("LGAI-EXAONE", "LG AI Research", "org", True, 2024, 20, 2, 3),
    ("naver-hyperclovax", "NAVER Cloud HyperCLOVA X", "org", True, 2025, 15, 1, 1),
    ("upstage", "upstage", "org", True, 2023, 10, 1, 1),
    ("kakaocorp", "Kakao Corp.", "org", True, 2024, 12, 2, 1),
    ("skt", "SK Telecom", "org", True, 2024, 10, 2, 0),
    ("Samsung", "Samsung", "org", True, 2024, 10, 1.5, 2),
    ("tiiuae", "Technology Innovation Institute", "org", True, 2023, 60, 1.5, 3),
    ("CohereForAI", "Cohere For AI", "org", True, 2024, 20, 1.5, 4),
    ("ai21labs", "AI21", "org", True, 2024, 5, 1, 1),
    ("allenai", "Ai2", "org", True, 2020, 300, 1.3, 15),
    ("huggingface", "Hugging Face", "org", True, 2019, 10, 0.8, 2),
    ("HuggingFaceTB", "Hugging Face Smol Models Research", "org", True, 2024, 80, 1.5, 5),
    ("HuggingFaceH4", "Hugging Face H4", "org", True, 2023, 20, 0.8, 3),
    ("HuggingFaceM4", "HuggingFaceM4", "org", True, 2022, 10, 1.0, 3),
    ("ibm-granite", "IBM Granite", "org", True, 2024, 150, 2, 4),
    ("ibm-research", "IBM Research", "org", True, 2022, 40, 1.3, 4),
    ("Intel", "Intel", "org", True, 2021, 200, 1.2, 4),
    ("amd", "AMD", "org", True, 2023, 120, 2.5, 2),
    ("apple", "Apple", "org", True, 2022, 80, 1.5, 6),
    ("amazon", "Amazon", "org", True, 2021, 60, 1.5, 5),
    ("Salesforce", "Salesforce", "org", True, 2021, 40, 1.0, 5),
    ("Snowflake", "Snowflake", "org", True, 2024, 15, 1.5, 1),
    ("databricks", "Databricks", "org", True, 2023, 5, 0.8, 1),
    ("ServiceNow-AI", "ServiceNow-AI", "org", True, 2024, 15, 1.5, 3),
    ("qualcomm", "Qualcomm", "org", True, 2024, 150, 1.5, 0),
    ("Writer", "Writer", "org", True, 2024, 5, 1, 1),
    ("EleutherAI", "EleutherAI", "org", True, 2021, 20, 0.6, 2),
    ("bigcode", "BigCode", "org", True, 2023, 10, 0.6, 2),
    ("sentence-transformers", "Sentence Transformers", "org", True, 2021, 30, 1, 0),
    ("cross-encoder", "Sentence Transformers - Cross-Encoders", "org", False, 2021, 10, 1, 0),
    ("timm", "PyTorch Image Models", "org", True, 2022, 250, 0.9, 0),
    ("laion", "LAION eV", "org", True, 2022, 10, 0.8, 2),
    ("CompVis", "CompVis", "org", True, 2022, 0, 1, 0),
    ("stable-diffusion-v1-5", "Stable Diffusion v1-5", "org", False, 2022, 0, 1, 0),
    ("black-forest-labs", "Black Forest Labs", "org", True, 2024, 8, 1.5, 1),
    ("Lightricks", "Lightricks", "org", True, 2024, 10, 1.5, 1),
    ("Wan-AI", "Wan-AI", "org", True, 2025, 15, 1, 2),
    ("hexgrad", "hexgrad", "user", False, 2024, 3, 1, 0),
    ("pyannote", "pyannote", "org", True, 2021, 3, 1, 0),
    ("speechbrain", "SpeechBrain", "org", True, 2021, 20, 0.8, 0),
    ("nomic-ai", "Nomic AI", "org", True, 2023, 10, 1.2, 1),
    ("jinaai", "Jina AI", "org", True, 2023, 20, 1.3, 3),
    ("intfloat", "intfloat", "user", False, 2022, 5, 1, 0),
    ("mixedbread-ai", "Mixedbread", "org", True, 2024, 10, 1.2, 0),
    ("answerdotai", "Answer.AI", "org", True, 2024, 5, 1, 1),
    ("NousResearch", "NousResearch", "org", True, 2023, 15, 1, 1),
    ("cognitivecomputations", "Cognitive Computations", "org", False, 2023, 20, 0.8, 0),
    ("teknium", "Teknium", "user", False, 2023, 2, 0.5, 0),
    ("lmsys", "Large Model Systems Organization", "org", True, 2023, 2, 0.5, 1),
    ("togethercomputer", "Together", "org", True, 2023, 5, 0.8, 1),
    ("Zyphra", "Zyphra", "org", True, 2024, 8, 1.3, 1),
    ("LiquidAI", "Liquid AI", "org", True, 2025, 40, 1, 1),
    (
        "Helsinki-NLP",
        "Language Technology Research Group at the University of Helsinki",
        "org",
        True,
        2020,
        30,
        0.45,
        0,
    ),
    ("sarvamai", "Sarvam AI", "org", True, 2024, 10, 1.5, 1),
    ("ai4bharat", "AI4Bharat", "org", True, 2022, 20, 1.2, 3),
    ("kyutai", "Kyutai", "org", True, 2024, 10, 1.3, 1),
    ("h2oai", "H2O.ai", "org", True, 2023, 5, 0.8, 0),
    ("OpenVINO", "OpenVINO Toolkit", "org", True, 2024, 150, 1.5, 0),
    ("onnx-community", "ONNX Community", "org", False, 2024, 400, 1.5, 0),
    ("Xenova", "Joshua", "user", False, 2023, 30, 0.5, 0),
    ("swiss-ai", "Swiss AI Initiative", "org", True, 2025, 5, 1, 1),
    ("BSC-LT", "Barcelona Supercomputing Center", "org", True, 2023, 10, 1, 1),
    ("utter-project", "UTTER", "org", False, 2024, 5, 1, 1),
    ("m-a-p", "Multimodal Art Projection", "org", False, 2023, 10, 1.3, 6),
    ("opencompass", "OpenCompass", "org", True, 2023, 2, 1, 3),
    ("InstaDeepAI", "InstaDeep Ltd", "org", True, 2022, 20, 1.3, 1),
    ("arcinstitute", "Arc Institute", "org", True, 2025, 5, 1, 1),
    ("EvolutionaryScale", "EvolutionaryScale", "org", True, 2024, 3, 1, 0),
    ("Rostlab", "Rostlab", "org", False, 2020, 3, 0.7, 0),
    ("stanfordnlp", "Stanford NLP", "org", True, 2020, 5, 1, 6),
    ("stanford-crfm", "Stanford CRFM", "org", True, 2022, 3, 1, 4),
    ("mit-han-lab", "MIT HAN Lab", "org", True, 2023, 15, 1.3, 6),
    ("princeton-nlp", "Princeton NLP group", "org", True, 2021, 5, 0.8, 4),
    ("berkeley-nest", "Berkeley-Nest", "org", False, 2023, 1, 0.5, 1),
    ("uclanlp", "UCLA NLP", "org", False, 2020, 2, 0.8, 2),
    ("epfl-llm", "EPFL LLM Team", "org", True, 2023, 2, 0.7, 1),
    ("kaist-ai", "KAIST AI", "org", True, 2023, 10, 1.2, 4),
    ("snunlp", "SNU NLP", "org", False, 2021, 2, 0.8, 0),
    ("dmis-lab", "DMIS Lab, Korea University", "org", False, 2020, 3, 0.8, 1),
    ("cardiffnlp", "Cardiff NLP", "org", True, 2021, 5, 0.8, 1),
    ("nlpaueb", "AUEB NLP Group", "org", False, 2020, 2, 0.8, 0),
    ("fnlp", "OpenMOSS (Fudan NLP)", "org", False, 2022, 8, 1.3, 5),
    ("PKU-Alignment", "PKU-Alignment", "org", False, 2023, 8, 1.3, 3),
    ("hkust-nlp", "HKUST NLP", "org", False, 2023, 4, 1.2, 3),
    ("THU-KEG", "THU-KEG", "org", False, 2023, 4, 1.2, 3),
    ("UCSC-VLAA", "UCSC-VLAA", "org", False, 2023, 4, 1.2, 3),
    ("cambridgeltl", "Cambridge LTL", "org", False, 2020, 3, 0.8, 1),
    ("nyu-mll", "NYU Machine Learning for Language", "org", False, 2020, 1, 0.5, 0),
    ("ufal", "Institute of Formal and Applied Linguistics", "org", False, 2020, 3, 1, 0),
    # Redistributors and community hubs: their repos are mostly derivatives (see _REDISTRIBUTORS).
    ("unsloth", "Unsloth AI", "org", False, 2024, 0, 1, 0),
    ("bartowski", "Bartowski", "user", False, 2024, 0, 1, 0),
    ("TheBloke", "Tom Jobbins", "user", False, 2023, 0, 1, 0),
    ("mlx-community", "MLX Community", "org", False, 2023, 0, 1, 0),
    ("lmstudio-community", "LM Studio Community", "org", False, 2024, 0, 1, 0),
    ("mradermacher", "team mradermacher", "user", False, 2024, 0, 1, 0),
    ("MaziyarPanahi", "Maziyar Panahi", "user", False, 2024, 0, 1, 0),
    ("QuantFactory", "QuantFactory", "org", False, 2024, 0, 1, 0),
    ("second-state", "Second State", "org", False, 2024, 0, 1, 0),
    ("ggml-org", "ggml.ai", "org", True, 2024, 0, 1, 0),
    ("lerobot", "LeRobot", "org", True, 2024, 10, 1.5, 1),
    ("kernels-community", "kernels-community", "org", False, 2025, 0, 1, 0),
)

# Organisations that publish their own fine-tunes of other labs' models now and then.
_FINETUNER_ORGS = (
    "NousResearch",
    "cognitivecomputations",
    "nvidia",
    "Intel",
    "allenai",
    "HuggingFaceH4",
    "upstage",
    "ibm-research",
    "teknium",
    "openbmb",
    "Salesforce",
    "Zyphra",
    "LiquidAI",
    "mistralai",
    "sarvamai",
)

# Redistributors of quantised models: (namespace, active from, active until, weight, methods).
_REDISTRIBUTORS: tuple[tuple[str, str, str, float, tuple[str, ...]], ...] = (
    ("TheBloke", "2023-04-01", "2024-02-01", 10.0, ("GGUF", "GPTQ", "AWQ")),
    ("mradermacher", "2024-03-01", "2099-01-01", 12.0, ("GGUF",)),
    ("bartowski", "2024-02-01", "2099-01-01", 6.0, ("GGUF",)),
    ("QuantFactory", "2024-04-01", "2025-01-01", 4.0, ("GGUF",)),
    ("MaziyarPanahi", "2024-01-01", "2099-01-01", 2.0, ("GGUF",)),
    ("lmstudio-community", "2024-04-01", "2099-01-01", 2.0, ("GGUF",)),
    ("second-state", "2024-01-01", "2025-06-01", 1.0, ("GGUF",)),
    ("unsloth", "2024-01-01", "2099-01-01", 4.0, ("GGUF", "BNB")),
    ("mlx-community", "2023-12-15", "2099-01-01", 5.0, ("MLX",)),
    ("ggml-org", "2024-06-01", "2099-01-01", 0.5, ("GGUF",)),
)

# The position of each organisation in _ORGS, which is also its index in the author pool.
_ORG_INDEX = {o[0]: i for i, o in enumerate(_ORGS)}


# Fortune 500 companies' organisations, so that P1 (Fortune 500 presence) has full names and verified flags to
# match: (namespace, fullname, type, verified, active since (year), own releases, growth, paper weight). Their
# full names vary the way real ones do ("X", "X Inc.", "X AI Research", "X Labs"); two traps are included (an
# ambiguous name, "Target", and a user account named like a company). They are namespaces of the pool and of the
# authors file from their first year, but own no repos: appending them to `_ORGS` would change every model's
# random draws, and with them the calibrated figures.
_FORTUNE500_ORGS: tuple[tuple[str, str, str, bool, int, float, float, float], ...] = (
    ("walmart", "Walmart", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #1
    ("unitedhealth-group", "UnitedHealth Group", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #3
    ("cvs-health", "CVS Health Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #5
    ("berkshire-hathaway", "Berkshire Hathaway Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #6
    ("exxon-mobil-ai", "Exxon Mobil Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #8
    ("mckesson", "McKesson", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #9
    ("cencora", "Cencora AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #10
    ("jpmorgan-chase", "JPMorgan Chase Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #11
    ("costco-wholesale", "Costco Wholesale Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #12
    ("cigna-ai", "Cigna Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #13
    ("cardinal-health", "Cardinal Health", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #15
    ("chevron", "Chevron AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #16
    ("bank-of-america", "Bank of America Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #17
    ("general-motors", "General Motors Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #18
    ("ford-motor-ai", "Ford Motor Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #19
    ("elevance-health", "Elevance Health", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #20
    ("citi", "Citi AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #21
    ("centene", "Centene Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #23
    ("home-depot", "Home Depot Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #24
    ("fannie-mae-ai", "Fannie Mae Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #25
    ("walgreens-boots-alliance", "Walgreens Boots Alliance", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #26
    ("kroger", "Kroger AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #27
    ("phillips-66", "Phillips 66 Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #28
    ("marathon-petroleum", "Marathon Petroleum Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #29
    (
        "verizon-communications-ai",
        "Verizon Communications Data Science",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #30
    ("goldman-sachs-group", "Goldman Sachs Group", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #32
    ("wells-fargo", "Wells Fargo AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #33
    ("valero-energy", "Valero Energy Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #34
    ("comcast-corporation", "Comcast Corporation", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #35
    ("state-farm-insurance-ai", "State Farm Insurance Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #36
    ("at-t", "AT&T", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #37
    ("freddie-mac", "Freddie Mac AI Research", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #38
    ("humana", "Humana Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #39
    ("morgan-stanley", "Morgan Stanley Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #40
    ("stonex-group-ai", "StoneX Group", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #42
    ("tesla", "Tesla", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #43
    ("dell-technologies", "Dell Technologies AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #44
    ("pepsico", "PepsiCo Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #45
    ("walt-disney", "Walt Disney Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #46
    ("ups-ai", "UPS Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #47
    ("johnson-johnson", "Johnson & Johnson", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #48
    ("fedex", "FedEx AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #49
    ("archer-daniels-midland", "Archer Daniels Midland Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #50
    ("procter-gamble", "Procter & Gamble Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #51
    ("lowe-s-ai", "Lowe's Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #52
    ("energy-transfer", "Energy Transfer", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #53
    ("rtx-corporation", "RTX Corporation", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #54
    ("albertsons", "Albertsons Inc.", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #55
    ("sysco", "Sysco Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #56
    ("american-express-ai", "American Express Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #58
    ("lockheed-martin", "Lockheed Martin", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #59
    ("metlife", "MetLife AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #60
    ("hca-healthcare", "HCA Healthcare Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #61
    ("prudential-financial", "Prudential Financial Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #62
    ("boeing-ai", "Boeing Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #63
    ("caterpillar", "Caterpillar", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #64
    ("allstate", "Allstate AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #66
    ("pfizer", "Pfizer Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #67
    ("new-york-life-insurance", "New York Life Insurance Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #69
    ("delta-air-lines-ai", "Delta Air Lines Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #70
    ("publix-super-markets", "Publix Super Markets", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #71
    ("td-synnex", "TD Synnex AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #73
    ("united-airlines-holdings", "United Airlines Holdings Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #74
    ("conocophillips", "ConocoPhillips Labs", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #75
    ("tjx-companies-ai", "TJX Companies", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #76
    ("abbvie", "AbbVie", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #77
    (
        "enterprise-products-partners",
        "Enterprise Products Partners AI Research",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #78
    ("charter-communications", "Charter Communications Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #79
    ("performance-food-group", "Performance Food Group", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #80
    ("american-airlines-group-ai", "American Airlines Group", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #81
    ("capital-one-financial", "Capital One Financial", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #82
    ("cisco-systems", "Cisco Systems AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #83
    ("hp", "HP Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #84
    ("tyson-foods", "Tyson Foods Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #85
    ("oracle-ai", "Oracle Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #87
    ("broadcom", "Broadcom", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #88
    ("deere-company-john-deere", "Deere & Company", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #89
    ("nike", "Nike Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #90
    ("liberty-mutual-insurance", "Liberty Mutual Insurance Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #91
    ("plains-gp-holdings-ai", "Plains GP Holdings", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #92
    ("usaa", "USAA", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #93
    ("bristol-myers-squibb", "Bristol-Myers Squibb AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #94
    ("ingram-micro", "Ingram Micro Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #95
    ("general-dynamics", "General Dynamics Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #96
    ("coca-cola-company-ai", "Coca-Cola Company", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #97
    ("tiaa", "TIAA", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #98
    ("eli-lilly", "Eli Lilly AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #100
    ("uber-technologies", "Uber Technologies Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #101
    ("massmutual", "MassMutual Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #102
    (
        "thermo-fisher-scientific-ai",
        "Thermo Fisher Scientific Data Science",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #104
    ("u-s-bancorp", "U.S. Bancorp", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #105
    ("world-kinect", "World Kinect AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #106
    ("abbott-laboratories", "Abbott Laboratories Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #107
    ("best-buy", "Best Buy Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #108
    ("northwestern-mutual-ai", "Northwestern Mutual Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #109
    ("northrop-grumman", "Northrop Grumman", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #110
    ("molina-healthcare", "Molina Healthcare AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #111
    ("dollar-general", "Dollar General Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #112
    ("bank-of-new-york-mellon", "Bank of New York Mellon Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #113
    (
        "warner-bros-discovery-ai",
        "Warner Bros. Discovery Data Science",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #114
    ("netflix", "Netflix", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #116
    ("general-electric", "General Electric AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #118
    ("honeywell-international", "Honeywell International Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #119
    (
        "philip-morris-international",
        "Philip Morris International Labs",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #121
    ("us-foods-ai", "US Foods Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #122
    ("d-r-horton", "D.R. Horton", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #123
    ("lithia-motors", "Lithia Motors AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #124
    ("mondelez-international", "Mondelez International Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #125
    ("starbucks", "Starbucks Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #126
    ("cbre-group-ai", "CBRE Group", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #128
    ("lennar", "Lennar", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #129
    ("ge-vernova", "GE Vernova AI Research", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #130
    ("pnc-financial-services", "PNC Financial Services Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #131
    ("cummins", "Cummins Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #132
    ("paccar-ai", "Paccar Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #133
    ("amgen", "Amgen", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #134
    ("pbf-energy", "PBF Energy AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #135
    ("guidewell-mutual", "GuideWell Mutual Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #136
    ("paypal-holdings", "PayPal Holdings", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #137
    ("united-natural-foods-ai", "United Natural Foods Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #138
    ("dollar-tree", "Dollar Tree", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #139
    ("nucor-corporation", "Nucor Corporation", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #140
    ("penske-automotive-group", "Penske Automotive Group Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #141
    ("coupang", "Coupang Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #142
    (
        "hewlett-packard-enterprise-ai",
        "Hewlett Packard Enterprise Data Science",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #143
    ("duke-energy", "Duke Energy", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #144
    ("kkr-co", "KKR & Co.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #145
    ("paramount-global", "Paramount Global Inc.", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #147
    ("jabil", "Jabil Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #148
    ("gilead-sciences-ai", "Gilead Sciences Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #149
    ("hf-sinclair", "HF Sinclair", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #150
    ("carmax", "CarMax AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #151
    ("mastercard", "Mastercard Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #152
    ("nrg-energy", "NRG Energy Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #153
    ("arrow-electronics-ai", "Arrow Electronics Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #154
    ("baker-hughes", "Baker Hughes", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #155
    ("southwest-airlines", "Southwest Airlines AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #156
    (
        "american-international-group",
        "American International Group Inc.",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #157
    ("applied-materials", "Applied Materials Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #158
    ("occidental-petroleum-ai", "Occidental Petroleum Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #159
    ("autonation", "AutoNation", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #160
    (
        "the-hartford-financial-services-group",
        "The Hartford Financial Services Group",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #162
    ("apollo-global-management", "Apollo Global Management Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #163
    ("charles-schwab", "Charles Schwab Labs", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #164
    ("mcdonald-s-ai", "McDonald's Data Science", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #165
    ("kraft-heinz", "Kraft Heinz", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #166
    ("truist-financial", "Truist Financial AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #168
    ("freeport-mcmoran", "Freeport-McMoRan Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #169
    ("micron-technology", "Micron Technology Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #170
    (
        "marriott-international-ai",
        "Marriott International Data Science",
        "org",
        True,
        2021,
        2,
        1.0,
        0,
    ),  # Fortune 500 #171
    ("carrier-global", "Carrier Global", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #172
    ("nextera-energy", "NextEra Energy AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #173
    ("3m-company", "3M Company Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #174
    ("marsh-mclennan", "Marsh & McLennan Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #175
    ("pg-e-corporation-ai", "PG&E Corporation", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #176
    ("union-pacific", "Union Pacific", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #177
    ("synchrony-financial", "Synchrony Financial AI Research", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #178
    ("danaher", "Danaher Inc.", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #180
    ("avnet", "Avnet Labs", "org", True, 2021, 2, 1.0, 0),  # Fortune 500 #181
    ("booking-holdings-ai", "Booking Holdings", "org", False, 2021, 2, 1.0, 0),  # Fortune 500 #182
    ("target-health", "Target", "org", True, 2022, 1, 1.0, 0),  # trap: "target" is ambiguous, never matched from a name
    ("dell-fan", "Dell", "user", False, 2022, 1, 1.0, 0),  # trap: a user account is never a company
)
