import ArgumentParser
import Celery
import Logging
import Redis
import Settings
import Testing
import WorkerCLI

@Suite struct WorkerSettingsTests {
    private func settings(_ arguments: [String] = [], _ environment: EnvironmentVariables = [:]) throws
        -> WorkerSettings
    {
        try WorkerSettings(options: try WorkerOptions.parse(arguments), environment: environment)
    }

    @Test func defaultsAreCeleryDefaults() throws {
        let settings = try settings()
        #expect(settings.redis == (try RedisConfiguration(url: "redis://localhost:6379/0")))
        #expect(settings.worker.pool == .prefork)
        #expect(settings.worker.queues == ["celery"])
        #expect(settings.worker.prefetchMultiplier == 4)
        #expect(!settings.worker.acksLate)
        #expect(settings.visibilityTimeout == .seconds(3600))
        #expect(settings.resultExpires == .seconds(86400))
        #expect(settings.logLevel == .info)
        #expect(settings.poolParent == nil)
    }

    @Test func emptyVariablesAreUnset() throws {
        let settings = try settings(
            [],
            [
                "CELERY_BROKER_URL": "", "REDIS_URL": " ", "CELERY_WORKER_CONCURRENCY": "", "CELERY_QUEUES": "",
                "CELERY_TASK_ACKS_LATE": "", "LOG_LEVEL": "", "CELERY_RESULT_EXPIRES": "", "CELERY_POOL_CHILD": "",
            ])
        #expect(settings.redis.database == 0)
        #expect(settings.worker.queues == ["celery"])
        #expect(!settings.worker.acksLate)
        #expect(settings.logLevel == .info)
        #expect(settings.resultExpires == .seconds(86400))
        #expect(settings.poolParent == nil)
    }

    @Test func variablesAreRead() throws {
        let settings = try settings(
            [],
            [
                "CELERY_BROKER_URL": "redis://broker:6380/3", "REDIS_URL": "redis://ignored:1/1",
                "CELERY_WORKER_CONCURRENCY": "3", "CELERY_WORKER_POOL": "threads", "CELERY_QUEUES": "a, b,",
                "CELERY_TASK_ACKS_LATE": "yes", "CELERY_SEND_EVENTS": "1", "CELERY_WITHOUT_MINGLE": "true",
                "CELERY_RESULT_EXPIRES": "0", "LOG_LEVEL": "WARNING", "CELERY_TASK_TIME_LIMIT": "2.5",
            ])
        #expect(settings.redis.database == 3)
        #expect(settings.worker.concurrency == 3)
        #expect(settings.worker.pool == .threads)
        #expect(settings.worker.queues == ["a", "b"])
        #expect(settings.worker.acksLate)
        #expect(settings.worker.taskEvents)
        #expect(!settings.worker.mingle)
        #expect(settings.resultExpires == nil)
        #expect(settings.logLevel == .warning)
        #expect(settings.worker.timeLimit == 2.5)
    }

    @Test func flagsWinOverVariables() throws {
        let settings = try settings(
            ["--broker", "redis://flag:1/5", "-c", "7", "-Q", "x", "--no-acks-late", "--loglevel", "debug"],
            [
                "REDIS_URL": "redis://env:1/1", "CELERY_WORKER_CONCURRENCY": "3", "CELERY_QUEUES": "a",
                "CELERY_TASK_ACKS_LATE": "1", "LOG_LEVEL": "error",
            ])
        #expect(settings.redis.database == 5)
        #expect(settings.worker.concurrency == 7)
        #expect(settings.worker.queues == ["x"])
        #expect(!settings.worker.acksLate)
        #expect(settings.logLevel == .debug)
    }

    @Test(arguments: [
        ("CELERY_WORKER_CONCURRENCY", "0"), ("CELERY_WORKER_CONCURRENCY", "many"), ("CELERY_WORKER_POOL", "gevent"),
        ("CELERY_TASK_ACKS_LATE", "maybe"), ("CELERY_VISIBILITY_TIMEOUT", "-5"), ("LOG_LEVEL", "loud"),
        ("REDIS_URL", "http://redis"), ("CELERY_SEND_EVENTS", "2"),
    ])
    func malformedVariablesAreNamed(variable: String, value: String) throws {
        let error = #expect(throws: SettingError.self) { try settings([], [variable: value]) }
        #expect(error?.variable == variable)
    }
}
